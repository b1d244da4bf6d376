/** The Relay global-id codec: the shared-buffer encoding answers what Buffer.from(text).toString('base64url') would. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../src/domain/global-id';

const reference = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

describe('toGlobalId', () => {
  it('encodes type and id as base64url of "Type:id", for ids of every length modulo 3', () => {
    for (const type of ['Organization', 'User', 'LearningModule', 'WaiverSectionRevision']) {
      const id = randomUUID();
      expect(toGlobalId(type, id)).toBe(reference(type, id));
      expect(parseGlobalId(toGlobalId(type, id))).toEqual({ type, id });
      for (const other of ['', 'a', 'ab', 'abc']) expect(toGlobalId(type, other)).toBe(reference(type, other));
    }
  });

  it('encodes one id after another without leftovers of a longer one, and non-ASCII or long text as UTF-8', () => {
    const long = 'x'.repeat(300);
    expect(toGlobalId('Organization', long)).toBe(reference('Organization', long));
    expect(toGlobalId('A', 'b')).toBe(reference('A', 'b'));
    expect(toGlobalId('Organization', 'café-ü')).toBe(reference('Organization', 'café-ü'));
    expect(toGlobalId('A', 'b')).toBe(reference('A', 'b'));
  });
});
