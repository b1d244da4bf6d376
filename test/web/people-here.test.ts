/** Who else is in a co-typed text (src/web/shell/people-here.ts), read from real Yjs awareness states. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { arrivalsAndLeaves, peopleHere } from '../../src/web/shell/people-here';

/** Awareness of one client that has heard from each of `others` (their local states as given). */
function awarenessWith(...others: Array<Record<string, unknown> | null>): Awareness {
  const mine = new Awareness(new Y.Doc());
  mine.setLocalState({ user: { name: 'Renee Alvarez', color: '#1f5fbf' }, cursor: null });
  for (const state of others) {
    const theirs = new Awareness(new Y.Doc());
    theirs.setLocalState(state);
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
  }
  return mine;
}

const tom = { name: 'Tom Reed', color: '#a1307a' };
const ana = { name: 'Ana Silva', color: '#2f6f2f' };
const cursor = { anchor: {}, head: {} };

describe('peopleHere', () => {
  it('lists the others, in the order they came, once each however many tabs they have open, never this client', () => {
    const awareness = awarenessWith({ user: tom, cursor: null }, { user: ana, cursor }, { user: tom, cursor });
    expect(peopleHere(awareness)).toEqual([tom, ana]);
  });

  it('keeps, when asked, only those whose cursor is in this text', () => {
    const awareness = awarenessWith({ user: tom, cursor: null }, { user: ana, cursor });
    expect(peopleHere(awareness, true)).toEqual([ana]);
  });

  it('skips states without a name and colour (a client that has not said who it is)', () => {
    expect(peopleHere(awarenessWith({ cursor }, { user: { name: 'No colour' } }))).toEqual([]);
  });
});

describe('arrivalsAndLeaves', () => {
  it('says who came and who went, in one sentence', () => {
    expect(arrivalsAndLeaves([], [tom])).toBe('Tom Reed joined.');
    expect(arrivalsAndLeaves([tom], [ana], 'Budget narrative')).toBe('Ana Silva started writing in Budget narrative; Tom Reed left Budget narrative.');
    expect(arrivalsAndLeaves([], [tom, ana])).toBe('Tom Reed and Ana Silva joined.');
  });

  it('says nothing when the same people are still here', () => {
    expect(arrivalsAndLeaves([tom, ana], [ana, tom])).toBe('');
  });
});
