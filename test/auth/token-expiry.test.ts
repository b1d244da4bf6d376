/**
 * A token is good until its `exp`, on HTTP and on a WebSocket alike: a socket
 * closes with 4401 when its token expires, and an operation or subscription
 * event that comes after the expiry anyway (the expiry timer late on a busy
 * event loop, imitated here by moving Date.now past it) is refused or
 * dropped. Tokens without an `exp` are refused.
 */
import { SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { ModuleStatus } from '../../src/modules/learning/learning.enums';
import { modulePublishedTopic } from '../../src/modules/learning/learning.events';
import { factories, unique } from '../factories';
import { learningFactories } from '../learning/factories';
import { TEST_SECRET, tokenFor, useTestHub } from '../helpers/hub';
import { answerTo, openSocket, type RawSocket } from '../helpers/raw-socket';

const t = useTestHub();
let email: string;

beforeAll(async () => {
  // State agency owners may create organizations: the mutations below would store one.
  email = (await factories(t.hub.orm).buildMember({ kind: OrganizationKind.STATE_AGENCY, role: MemberRole.OWNER })).user.email;
});
afterEach(() => vi.restoreAllMocks());

const PUBLISHED = 'subscription { learningModulePublished { id version } }';
const CREATE = 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
const CHANNEL = modulePublishedTopic.channel();

/** A token that expires `seconds` from now (exp is in whole seconds). */
const expiringIn = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/** Whether an organization with this name was stored. */
async function stored(name: string): Promise<boolean> {
  const rows = await t.hub.orm.em.fork().getConnection().execute('select 1 from organizations where name = ?', [name]);
  return rows.length > 0;
}

/** Subscribes to publications and resolves once the subscription is registered on the hub's bus. */
async function following(raw: RawSocket, id: string): Promise<void> {
  const before = t.hub.bus.channels.count(CHANNEL);
  raw.subscribe(id, PUBLISHED);
  await vi.waitFor(() => expect(t.hub.bus.channels.count(CHANNEL)).toBe(before + 1));
}

/** A module published now: its event, as the learning service publishes it after commit. */
async function publishModule(): Promise<void> {
  const module = await learningFactories(t.hub.orm).buildModule({ status: ModuleStatus.PUBLISHED });
  modulePublishedTopic.publish(t.hub.bus.pubsub, { moduleId: module.id, version: 1 });
}

describe('tokens without an expiry', () => {
  const timeless = () =>
    new SignJWT({ email }).setProtectedHeader({ alg: 'HS256' }).setSubject(email).setIssuedAt().sign(new TextEncoder().encode(TEST_SECRET));

  it('are refused over HTTP with 401 UNAUTHENTICATED', async () => {
    const result = await t.request('{ viewer { email } }', {}, { token: await timeless() });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(/no expiry/);
  });

  it('are refused at connection_init with 4403, as every bad token is', async () => {
    const raw = openSocket(t.wsUrl, `Bearer ${await timeless()}`);
    expect((await raw.closed).code).toBe(4403);
  });

  it('are never minted by the test helper or signToken', async () => {
    const [, claims] = (await tokenFor(email)).split('.');
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString()).exp).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('a WebSocket whose token expires', () => {
  it('closes with 4401 at the expiry, after delivering events until then, and refuses what follows', { timeout: 20_000 }, async () => {
    // Time enough for the event to come before the expiry on a loaded machine (3 s once was not: exp is in whole seconds, so 2-3 s).
    const exp = expiringIn(6);
    const token = await tokenFor(email, exp);
    const raw = openSocket(t.wsUrl, `Bearer ${token}`);
    await raw.acked;
    await following(raw, 'modules');
    await publishModule();
    const event = await raw.waitFor((message) => message.id === 'modules' && message.type === 'next');
    expect(event.payload).toMatchObject({ data: { learningModulePublished: { version: 1 } } });
    expect(Date.now()).toBeLessThan(exp * 1000);

    const closed = await raw.closed;
    expect(closed.code).toBe(4401);
    expect(closed.at).toBeGreaterThanOrEqual(exp * 1000 - 50);
    expect(closed.at).toBeLessThan(exp * 1000 + 1000);
    // Only the one event, and the subscription is gone from the bus.
    expect(raw.messages.filter((m) => m.type === 'next').map((m) => m.payload)).toEqual([
      { data: { learningModulePublished: { id: expect.any(String), version: 1 } } },
    ]);
    await vi.waitFor(() => expect(t.hub.bus.channels.count(CHANNEL)).toBe(0));
    // HTTP says the same of the same token.
    expect((await t.request('{ viewer { email } }', {}, { token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a query or mutation received after the expiry with UNAUTHENTICATED, stores nothing, and closes with 4401', async () => {
    const exp = expiringIn(3600);
    const raw = openSocket(t.wsUrl, `Bearer ${await tokenFor(email, exp)}`);
    await raw.acked;
    const name = unique('Late Org');
    // The expiry timer (due in an hour) has not fired: the operation itself must be refused.
    vi.spyOn(Date, 'now').mockReturnValue(exp * 1000 + 1);
    raw.subscribe('late', CREATE, { input: { name, kind: 'BUSINESS' } });
    const answer = await answerTo(raw, 'late');
    expect(answer.type).toBe('error');
    expect((answer.payload as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await raw.closed).code).toBe(4401);
    vi.restoreAllMocks();
    expect(await stored(name)).toBe(false);
  });

  it('answers operations received before the expiry as usual', async () => {
    const raw = openSocket(t.wsUrl, `Bearer ${await tokenFor(email, expiringIn(3600))}`);
    await raw.acked;
    const name = unique('Early Org');
    raw.subscribe('early', CREATE, { input: { name, kind: 'BUSINESS' } });
    expect(await answerTo(raw, 'early')).toMatchObject({ type: 'next', payload: { data: { createOrganization: { id: expect.any(String) } } } });
    expect(await stored(name)).toBe(true);
    raw.close();
  });

  it('drops a subscription event due after the expiry, unexecuted, and closes with 4401', async () => {
    const exp = expiringIn(3600);
    const raw = openSocket(t.wsUrl, `Bearer ${await tokenFor(email, exp)}`);
    await raw.acked;
    await following(raw, 'modules');
    // An anonymous follower on another socket still receives the event: only the expired one is cut off.
    const anonymous = openSocket(t.wsUrl);
    await anonymous.acked;
    await following(anonymous, 'modules');
    vi.spyOn(Date, 'now').mockReturnValue(exp * 1000 + 1);
    await publishModule();
    await anonymous.waitFor((message) => message.type === 'next');
    expect((await raw.closed).code).toBe(4401);
    expect(raw.messages.filter((m) => m.type === 'next')).toEqual([]);
    anonymous.close();
  });
});
