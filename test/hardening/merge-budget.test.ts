/**
 * The three-way merge of editWaiverSection is bounded: text crafted to make
 * a diff superlinear (many equal lines, an alternating edit from an old base)
 * comes back as a coded CONFLICT within the merge budget, and every other
 * client keeps being answered meanwhile.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { EditWaiverSectionDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { waiverFactories } from '../waivers/factories';

const t = useTestHub();
const make = waiverFactories(t);

const xs = (count: number) => Array.from({ length: count }, () => 'x');
const alternating = (count: number) => Array.from({ length: count }, (_, i) => (i % 2 ? 'y' : 'x'));

/** A section at version 3 whose text is `count` equal lines; version 2 is the base an old client edits from. */
async function sectionOfEqualLines(count: number) {
  const { lead, sections } = await make.buildWaiver();
  const token = lead.owner.token;
  const sectionId = sections[0].id;
  await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 1, body: xs(count).join('\n') } }, { token });
  await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 2, body: ['c', ...xs(count - 1)].join('\n') } }, { token });
  return { sectionId, token };
}

describe('Mutation.editWaiverSection under a crafted merge', () => {
  it('answers the worst case with CONFLICT (TOO_MANY_CHANGES) while { regions } keeps answering promptly', async () => {
    // 2,500 lines took node-diff3 5-7 s on the event loop; 50,000 (the 100,000-character limit) far longer.
    for (const count of [2_500, 50_000]) {
      const { sectionId, token } = await sectionOfEqualLines(count);
      const body = [...alternating(Math.min(count, 2_500)), ...xs(count - Math.min(count, 2_500))].join('\n');
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      let done = false;
      const merge = t.request(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 2, body } }, { token }).finally(() => (done = true));
      const latencies: number[] = [];
      do {
        const started = performance.now();
        const answer = await t.request('{ regions }');
        expect(answer.data).toMatchObject({ regions: expect.any(Array) });
        latencies.push(performance.now() - started);
      } while (!done);
      const result = await merge;
      delay.disable();

      expect(result.data?.editWaiverSection, `${count} lines`).toMatchObject({
        outcome: 'CONFLICT',
        version: 3,
        revision: null,
        conflict: { code: 'CONFLICT', reason: 'TOO_MANY_CHANGES', currentVersion: 3, baseVersion: 2, regions: [{ line: 1 }] },
      });
      expect(Math.max(...latencies), `${count} lines: slowest { regions }`).toBeLessThan(1_000);
      expect(delay.max / 1e6, `${count} lines: longest event-loop stall (ms)`).toBeLessThan(1_000);
    }
  });

  it('still merges a real edit from an old base on a long section', async () => {
    const { sectionId, token } = await sectionOfEqualLines(3_000);
    const body = [...xs(2_999), 'appended by an author who had version 2'].join('\n');
    const result = await t.data(EditWaiverSectionDocument, { input: { sectionId, baseVersion: 2, body } }, { token });
    expect(result.editWaiverSection).toMatchObject({ outcome: 'MERGED', version: 4 });
    expect(result.editWaiverSection.body.split('\n')).toEqual(['c', ...xs(2_998), 'appended by an author who had version 2']);
  });
});
