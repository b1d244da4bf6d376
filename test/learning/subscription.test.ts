import { describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import {
  CreateLearningModuleDocument,
  PublishLearningModuleDocument,
  UpdateLearningModuleDocument,
  type CreateLearningModuleInput,
} from '../generated/graphql';
import { unique } from '../factories';
import { useTestHub } from '../helpers/hub';
import { learningFactories } from './factories';

const t = useTestHub();
const make = learningFactories(t);

const SUBSCRIPTION = `subscription ($filter: LearningModuleFilter) {
  learningModulePublished(filter: $filter) { id title version status audiences publisher { id } }
}`;

interface Published {
  id: string;
  title: string;
  version: number;
  status: string;
}

/** Collects events; `next(n)` resolves once n have arrived. */
function follow(client: Client, variables: Record<string, unknown>) {
  const events: Published[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let acknowledged!: () => void;
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  client.on('connected', () => acknowledged());
  const dispose = client.subscribe<{ learningModulePublished: Published }>(
    { query: SUBSCRIPTION, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data.learningModulePublished);
        for (const waiter of waiters.filter((w) => events.length >= w.count)) waiter.resolve();
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  return {
    events,
    errors,
    ready,
    dispose,
    count: (count: number) => new Promise<void>((resolve) => (events.length >= count ? resolve() : waiters.push({ count, resolve }))),
  };
}

describe('Subscription.learningModulePublished', () => {
  it('delivers each newly published version that matches the filter, and nothing else', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const leaders = follow(t.ws(), { filter: { publisherId, audiences: ['SCHOOL_LEADER'] } });
    const everything = follow(t.ws(), { filter: { publisherId } });
    await Promise.all([leaders.ready, everything.ready]);

    const input = (title: string, audiences: CreateLearningModuleInput['audiences']): CreateLearningModuleInput => ({
      publisherId,
      title,
      summary: 'Summary.',
      body: 'Body.',
      audiences,
      format: 'HYBRID',
    });
    const publish = async (title: string, audiences: CreateLearningModuleInput['audiences']) => {
      const { createLearningModule } = await t.data(CreateLearningModuleDocument, { input: input(title, audiences) }, { token });
      await t.data(PublishLearningModuleDocument, { input: { moduleId: createLearningModule.id } }, { token });
      return createLearningModule;
    };

    // Warm-up: a publication both filters match shows both subscriptions are live.
    const warm = unique('Warm-up');
    await publish(warm, ['SCHOOL_LEADER']);
    await Promise.all([everything.count(1), leaders.count(1)]);

    const teachers = await publish(unique('For teachers'), ['VETERAN_EDUCATOR']);
    const principals = await publish(unique('For principals'), ['SCHOOL_LEADER', 'VETERAN_EDUCATOR']);
    // A new version of a matching module arrives again, as version 2.
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: principals.id, title: `${principals.title} (2nd edition)` } }, { token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId: principals.id } }, { token });

    await everything.count(4);
    await leaders.count(3);
    expect(everything.events.map((e) => e.title)).toEqual([warm, teachers.title, principals.title, `${principals.title} (2nd edition)`]);
    expect(leaders.events.slice(1).map((e) => [e.id, e.version])).toEqual([
      [principals.id, 1],
      [principals.id, 2],
    ]);
    expect(leaders.events).toHaveLength(3);
    expect(leaders.events.every((e) => e.status === 'PUBLISHED')).toBe(true);
    expect([...leaders.errors, ...everything.errors]).toEqual([]);
    leaders.dispose();
    everything.dispose();
  });

  it('does not announce edits or drafts, only publications', async () => {
    const { token, publisherId } = await make.buildPublisher();
    const watcher = follow(t.ws(), { filter: { publisherId } });
    await watcher.ready;
    const { createLearningModule } = await t.data(
      CreateLearningModuleDocument,
      { input: { publisherId, title: unique('Quiet draft'), summary: 'S.', body: 'B.', audiences: ['PRESERVICE'], format: 'VIRTUAL' } },
      { token },
    );
    await t.data(UpdateLearningModuleDocument, { input: { moduleId: createLearningModule.id, title: 'Quiet draft, renamed' } }, { token });
    await t.data(PublishLearningModuleDocument, { input: { moduleId: createLearningModule.id } }, { token });
    await watcher.count(1);
    expect(watcher.events.map((e) => [e.title, e.version])).toEqual([['Quiet draft, renamed', 1]]);
    watcher.dispose();
  });

  it('refuses a malformed filter with BAD_USER_INPUT', async () => {
    const client = t.ws();
    const result = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: SUBSCRIPTION, variables: { filter: { publisherId: 'not-an-id' } } },
        {
          next: (value) => resolve(value),
          error: (error) => resolve(error),
          complete: () => {},
        },
      );
    });
    expect(JSON.stringify(result)).toContain('BAD_USER_INPUT');
  });
});
