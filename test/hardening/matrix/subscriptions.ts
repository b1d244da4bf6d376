/**
 * The policy for every subscription, keyed by field name, and how a cell is
 * run: each actor subscribes over its own WebSocket, then events are triggered
 * until every actor has an outcome: an event delivered (`ok`) or a refusal.
 */
import type { GraphQLSchema } from 'graphql';
import { OrganizationKind } from '../../../src/domain/enums';
import { partnershipEventsTopic } from '../../../src/modules/partnerships/partnership.events';
import { notificationEventsTopic } from '../../../src/modules/notifications/notification.events';
import { parseGlobalId } from '../../../src/domain/global-id';
import { PartnershipStatus } from '../../../src/modules/partnerships/partnership.enums';
import type { TestHub } from '../../helpers/hub';
import { APPLICATION_SUBSCRIPTIONS } from './applications';
import { freshYjsInsert } from './mutations';
import { ORGANIZATION_ACTORS, WAIVER_ACTORS, type Actor, type Tokens, type World } from './world';

export interface SubscriptionEntry {
  actors: readonly Actor[];
  allowed: readonly Actor[];
  build(w: World): Promise<{ variables: Record<string, unknown>; tokens: Tokens; trigger: () => Promise<void> }>;
}

export const SUBSCRIPTIONS: Record<string, SubscriptionEntry> = {
  partnershipEvents: {
    actors: ORGANIZATION_ACTORS,
    allowed: ['OWNER', 'EDITOR', 'VIEWER'],
    build: async (w) => {
      const business = await w.team(OrganizationKind.BUSINESS);
      const partnership = await w.buildPartnership({ opportunity: await w.buildOpportunity({ business: business.organization }) });
      const payload = {
        partnershipId: partnership.id,
        districtId: partnership.district.id,
        businessId: business.organization.id,
        status: PartnershipStatus.REQUESTED,
        previousStatus: null,
        actorId: null,
        note: null,
        at: new Date().toISOString(),
      };
      return {
        variables: { organizationId: business.gid },
        tokens: business.tokens,
        trigger: async () => partnershipEventsTopic.publish(w.hub.bus.pubsub, payload, business.organization.id),
      };
    },
  },
  waiverRequestEvents: {
    actors: WAIVER_ACTORS,
    allowed: ['OWNER', 'EDITOR', 'VIEWER', 'LEAD', 'AUTHOR', 'REVIEWER'],
    build: async (w) => {
      const request = await w.waiver();
      const comment = 'mutation ($input: AddWaiverCommentInput!) { addWaiverComment(input: $input) { id } }';
      return {
        variables: { waiverRequestId: request.id },
        tokens: request.tokens,
        trigger: async () => void (await w.call(comment, { sectionId: request.sectionIds[0], body: 'Ping.' }, request.lead.token)),
      };
    },
  },
  // Everyone signed in follows their own inbox (each actor's own channel); anonymous sockets are refused.
  notificationEvents: {
    actors: ORGANIZATION_ACTORS,
    allowed: ['outsider', 'OWNER', 'EDITOR', 'VIEWER'],
    build: async (w) => {
      const team = await w.team(OrganizationKind.DISTRICT);
      const userIds = await Promise.all(
        Object.values(team.tokens).map(async (token) => {
          const { viewer } = await w.t.data<{ viewer: { id: string } }, object>('{ viewer { id } }', {}, { token });
          return parseGlobalId(viewer.id)!.id;
        }),
      );
      return {
        variables: {},
        tokens: team.tokens,
        trigger: async () => {
          for (const userId of userIds) notificationEventsTopic.publish(w.hub.bus.pubsub, { userId, notificationId: null, type: 'READ' }, userId);
        },
      };
    },
  },
  // A section's Yjs document: its first message (the state) reaches every reader; pushes by the lead keep coming.
  waiverSectionSync: {
    actors: WAIVER_ACTORS,
    allowed: ['OWNER', 'EDITOR', 'VIEWER', 'LEAD', 'AUTHOR', 'REVIEWER'],
    build: async (w) => {
      const request = await w.waiver();
      const push = 'mutation ($input: PushWaiverSectionUpdateInput!) { pushWaiverSectionUpdate(input: $input) { version } }';
      return {
        variables: { sectionId: request.sectionIds[0] },
        tokens: request.tokens,
        trigger: async () => void (await w.call(push, { sectionId: request.sectionIds[0], update: freshYjsInsert('Ping. ') }, request.lead.token)),
      };
    },
  },
  // Published modules are public: anyone, signed in or not, may follow them.
  learningModulePublished: {
    actors: ORGANIZATION_ACTORS,
    allowed: ORGANIZATION_ACTORS,
    build: async (w) => {
      const college = await w.team(OrganizationKind.HIGHER_ED);
      return {
        variables: {},
        tokens: college.tokens,
        trigger: async () => void (await w.learningModule(true)),
      };
    },
  },
  ...APPLICATION_SUBSCRIPTIONS,
};

const TRIGGER_EVERY_MS = 200;
const GIVE_UP_MS = 10_000;

/** Subscribes every actor, triggers events until each has an outcome (or time runs out), and returns the outcomes. */
export async function runSubscriptionCell(
  t: TestHub,
  field: string,
  schema: GraphQLSchema,
  variables: Record<string, unknown>,
  actors: readonly Actor[],
  tokens: Tokens,
  trigger: () => Promise<void>,
): Promise<Array<readonly [Actor, string]>> {
  const definition = schema.getSubscriptionType()!.getFields()[field];
  const declared = definition.args.filter((arg) => arg.name in variables);
  const signature = declared.length ? `(${declared.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})` : '';
  const args = declared.length ? `(${declared.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const query = `subscription ${signature} { ${field}${args} { __typename } }`;

  const outcomes = new Map<Actor, string>();
  const stops: Array<() => void> = [];
  let settle!: () => void;
  const allSettled = new Promise<void>((resolve) => (settle = resolve));
  const record = (actor: Actor, outcome: string) => {
    if (outcomes.has(actor)) return;
    outcomes.set(actor, outcome);
    if (outcomes.size === actors.length) settle();
  };
  for (const actor of actors) {
    const client = t.ws(tokens[actor]);
    stops.push(
      client.subscribe(
        { query, variables },
        {
          next: (result) => {
            const error = result.errors?.[0] as { message: string; extensions?: { code?: string } } | undefined;
            record(actor, error ? `${String(error.extensions?.code)} ${error.message}` : result.data?.[field] ? 'ok' : 'null event');
          },
          error: (error) => {
            const first = (Array.isArray(error) ? error[0] : error) as { message?: string; extensions?: { code?: string }; code?: number; reason?: string };
            record(
              actor,
              first?.extensions?.code ? `${first.extensions.code} ${first.message}` : `socket ${first?.code ?? ''} ${first?.reason ?? String(error)}`,
            );
          },
          complete: () => record(actor, 'completed without an event'),
        },
      ),
    );
  }
  const started = Date.now();
  while (outcomes.size < actors.length && Date.now() - started < GIVE_UP_MS) {
    await trigger();
    await Promise.race([allSettled, new Promise((resolve) => setTimeout(resolve, TRIGGER_EVERY_MS))]);
  }
  for (const stop of stops) stop();
  return actors.map((actor) => [actor, outcomes.get(actor) ?? 'no event in time'] as const);
}
