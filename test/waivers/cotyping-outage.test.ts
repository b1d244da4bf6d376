/**
 * A Redis outage under two hubs while clients type: updates typed on hub one
 * while Redis is down never reach hub two through Redis; once Redis is back,
 * hub two catches its live followers up from PostgreSQL by itself (they do
 * not resubscribe). Runs against its own redis-server (REDIS_URL only switches it on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditWaiverSectionDocument, InviteWaiverCollaboratorDocument } from '../generated/graphql';
import { freePort } from '../global-setup';
import { startTestHub, type TestHub } from '../helpers/hub';
import { CoTypist, eventually } from './cotyping-client';
import { waiverFactories } from './factories';

/** Long enough for the hubs' Redis clients to give up on the publishes they held (see test/hardening/redis-outage.test.ts). */
const OUTAGE_TAIL_MS = 4_000;

function startRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.skipIf(!process.env.REDIS_URL)('Co-typing through a Redis outage (REDIS_URL)', () => {
  let port: number;
  let redis: ChildProcess;
  let one: TestHub;
  let two: TestHub;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const env = { REDIS_URL: `redis://127.0.0.1:${port}` };
    // One after the other: two hubs creating the notification queues at once can deadlock on them.
    one = await startTestHub(env);
    two = await startTestHub(env);
  });
  afterAll(async () => {
    await Promise.allSettled([one?.close(), two?.close()]);
    if (redis) await stopRedis(redis);
  });

  it('catches the followers of a hub up from PostgreSQL once Redis is back, without their resubscribing', { timeout: 90_000 }, async () => {
    const make = waiverFactories(one);
    const { id, lead, sections } = await make.buildWaiver();
    const author = await make.buildPerson();
    await one.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: author.email, role: 'AUTHOR' } }, { token: lead.owner.token });
    const sectionId = sections[0].id;
    await one.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'Before.' } }, { token: lead.owner.token });
    const writer = new CoTypist(one, lead.owner.token, sectionId);
    const reader = new CoTypist(two, author.token, sectionId);
    await Promise.all([writer.connect(), reader.connect()]);
    // Probe until updates cross hubs (each hub's Redis subscription is live).
    for (let attempt = 0; !reader.messages.some((m) => m.kind === 'UPDATE'); attempt++) {
      if (attempt > 40) throw new Error('updates never crossed hubs');
      writer.text.insert(writer.text.length, '.');
      await writer.settled();
      await reader.waitFor((m) => m.kind === 'UPDATE', 250).catch(() => undefined);
    }
    await eventually(
      () => reader.toString() === writer.toString(),
      () => `${writer} | ${reader}`,
    );

    await stopRedis(redis);
    // Typed on hub one during the outage: stored and acknowledged, never published across.
    for (const word of [' Typed', ' while', ' Redis', ' was', ' down.']) {
      writer.text.insert(writer.text.length, word);
      await writer.settled();
    }
    expect(writer.pushErrors).toEqual([]);
    const typed = writer.toString();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_TAIL_MS));
    expect(reader.toString()).not.toBe(typed);

    redis = await startRedis(port);
    await eventually(
      () => reader.toString() === typed,
      () => `${typed} | ${reader}`,
      30_000,
    );
    // One subscription all along: caught up by the hub, not by resubscribing.
    expect(reader.messages.filter((m) => m.kind === 'STATE')).toHaveLength(1);
    expect(reader.ended).toBe(false);
    // And live again afterwards.
    writer.text.insert(0, '>');
    await writer.settled();
    await eventually(
      () => reader.toString() === writer.toString(),
      () => `${writer} | ${reader}`,
      20_000,
    );
    writer.disconnect();
    reader.disconnect();
  });
});
