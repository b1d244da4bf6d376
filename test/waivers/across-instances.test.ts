import { describe, expect, it } from 'vitest';
import { EditWaiverSectionDocument, SetWaiverPresenceDocument, WaiverEditorsDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { subscribe, waiverFactories } from './factories';

// Two hub instances sharing PostgreSQL and Redis, as in production behind a load balancer.
describe.skipIf(!process.env.REDIS_URL)('Waiver requests across hub instances (REDIS_URL)', () => {
  const one = useTestHub({ REDIS_URL: process.env.REDIS_URL! });
  const two = useTestHub({ REDIS_URL: process.env.REDIS_URL! });

  it('delivers an edit made on one instance to a subscriber on the other, and shares presence', async () => {
    const { id, lead, sections } = await waiverFactories(one).buildWaiver();
    const subscriber = subscribe(two.ws(lead.owner.token), id);
    // Retry the probe until the subscription on instance two is live.
    for (let attempt = 0; ; attempt++) {
      await one.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: null } }, { token: lead.owner.token });
      await one.data(SetWaiverPresenceDocument, { input: { waiverRequestId: id, sectionId: sections[1].id } }, { token: lead.owner.token });
      const live = await Promise.race([
        subscriber.waitFor((e) => e.__typename === 'WaiverPresenceChanged').then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 250)),
      ]);
      if (live) break;
      if (attempt > 40) throw new Error('subscription never became live');
    }
    const editors = await two.data(WaiverEditorsDocument, { id }, { token: lead.owner.token });
    expect(editors.waiverRequest!.sections[1].editors.map((u) => u.email)).toEqual([lead.owner.email]);

    await one.data(
      EditWaiverSectionDocument,
      { input: { sectionId: sections[0].id, baseVersion: 1, body: 'Edited on instance one' } },
      { token: lead.owner.token },
    );
    const edited = await subscriber.waitFor((e) => e.__typename === 'WaiverSectionEdited');
    expect(edited).toMatchObject({ version: 2, body: 'Edited on instance one', byViewer: true });
    subscriber.stop();
  });
});
