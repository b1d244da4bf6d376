import { describe, expect, it } from 'vitest';
import { EditWaiverSectionDocument, InviteWaiverCollaboratorDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { CoTypist, eventually, seeded } from './cotyping-client';
import { waiverFactories, type Person } from './factories';

// Two hub instances sharing PostgreSQL and Redis, clients typing on both.
describe.skipIf(!process.env.REDIS_URL)('Co-typing across hub instances (REDIS_URL)', () => {
  const t = useTestHub({ REDIS_URL: process.env.REDIS_URL! });
  const two = useTestHub({ REDIS_URL: process.env.REDIS_URL! });

  it('delivers updates typed on one hub to clients of the other, and every client converges', { timeout: 60_000 }, async () => {
    const { id, lead, sections } = await waiverFactories(t).buildWaiver();
    const author: Person = await waiverFactories(t).buildPerson();
    await t.data(InviteWaiverCollaboratorDocument, { input: { waiverRequestId: id, email: author.email, role: 'AUTHOR' } }, { token: lead.owner.token });
    const sectionId = sections[0].id;
    await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: 'Shared paragraph.' } }, { token: lead.owner.token });
    const onOne = new CoTypist(t, lead.owner.token, sectionId);
    const onTwo = new CoTypist(two, author.token, sectionId);
    await Promise.all([onOne.connect(), onTwo.connect()]);

    let probes = 0;
    // The Redis subscription of each hub is live once an update from the other hub arrives: probe until it does.
    for (let attempt = 0; !onTwo.messages.some((m) => m.kind === 'UPDATE'); attempt++) {
      if (attempt > 40) throw new Error('updates never crossed hubs');
      onOne.text.insert(0, '.');
      probes++;
      await onOne.settled();
      await onTwo.waitFor((m) => m.kind === 'UPDATE', 250).catch(() => undefined);
    }
    for (let attempt = 0; !onOne.messages.some((m) => m.kind === 'UPDATE' && m.author?.id === author.id); attempt++) {
      if (attempt > 40) throw new Error('updates never crossed hubs');
      onTwo.text.insert(onTwo.text.length, '!');
      probes++;
      await onTwo.settled();
      await onOne.waitFor((m) => m.kind === 'UPDATE' && m.author?.id === author.id, 250).catch(() => undefined);
    }

    const random = seeded(7);
    for (let i = 0; i < 30; i++) {
      for (const client of [onOne, onTwo]) client.text.insert(Math.floor(random() * (client.text.length + 1)), 'ab'[i % 2]);
    }
    await Promise.all([onOne.settled(), onTwo.settled()]);
    await eventually(
      () => onOne.toString() === onTwo.toString(),
      () => `${onOne} | ${onTwo}`,
    );
    expect([onOne.pushErrors, onTwo.pushErrors]).toEqual([[], []]);
    const { node } = await two.data<{ node: { body: string } }, { id: string }>(
      'query ($id: ID!) { node(id: $id) { ... on WaiverSection { body } } }',
      { id: sectionId },
      { token: lead.owner.token },
    );
    expect(node.body).toBe(onOne.toString());
    // Nothing lost: the paragraph, every probe and all 60 characters typed.
    expect(node.body.length).toBe('Shared paragraph.'.length + probes + 60);
  });

  it('catches a client up from PostgreSQL by its state vector after updates it missed on the other hub', async () => {
    const { lead, sections } = await waiverFactories(t).buildWaiver();
    const sectionId = sections[3].id;
    const writer = new CoTypist(t, lead.owner.token, sectionId);
    const reader = new CoTypist(two, lead.owner.token, sectionId);
    await Promise.all([writer.connect(), reader.connect()]);
    reader.disconnect();
    for (const word of ['Missed ', 'while ', 'away.']) {
      writer.text.insert(writer.text.length, word);
      await writer.settled();
    }
    await reader.connect();
    expect(reader.toString()).toBe('Missed while away.');
    expect(reader.messages.at(-1)).toMatchObject({ kind: 'STATE' });
  });
});
