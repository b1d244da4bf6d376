/** The documents rules of the policy, as a matrix: uploading, reading and attaching, by who the viewer is to the document. */
import { describe, expect, it } from 'vitest';
import { can, rules, type Action, type DocumentAccessTarget } from '../../src/auth/policy';
import { Viewer } from '../../src/auth/viewer';

const SELF = 'user-self';
const someone = new Viewer({ id: SELF, email: 'self@x.example', displayName: 'Self' }, []);

const mine = { uploaderId: SELF };
const theirs = { uploaderId: 'user-other' };
const orphaned = { uploaderId: null };

type Cell = { action: Action; target: DocumentAccessTarget | undefined; signedIn: boolean; anonymous: boolean };

const MATRIX: Record<string, Cell> = {
  upload: { action: 'document.upload', target: undefined, signedIn: true, anonymous: false },
  'read my unattached upload': { action: 'document.read', target: { ...mine, attached: false, targetReadable: false }, signedIn: true, anonymous: false },
  "read someone else's unattached upload": {
    action: 'document.read',
    target: { ...theirs, attached: false, targetReadable: false },
    signedIn: false,
    anonymous: false,
  },
  'read my upload, attached to what I may not read': {
    action: 'document.read',
    target: { ...mine, attached: true, targetReadable: false },
    signedIn: false,
    anonymous: false,
  },
  "read someone else's upload, attached to what I may read": {
    action: 'document.read',
    target: { ...theirs, attached: true, targetReadable: true },
    signedIn: true,
    anonymous: false,
  },
  'read an upload whose uploader is gone, attached to what I may read': {
    action: 'document.read',
    target: { ...orphaned, attached: true, targetReadable: true },
    signedIn: true,
    anonymous: false,
  },
  'attach my unattached upload': { action: 'document.attach', target: { ...mine, attached: false, targetReadable: false }, signedIn: true, anonymous: false },
  'attach my upload a second time': { action: 'document.attach', target: { ...mine, attached: true, targetReadable: true }, signedIn: false, anonymous: false },
  "attach someone else's upload": {
    action: 'document.attach',
    target: { ...theirs, attached: false, targetReadable: true },
    signedIn: false,
    anonymous: false,
  },
  'attach an upload whose uploader is gone': {
    action: 'document.attach',
    target: { ...orphaned, attached: false, targetReadable: false },
    signedIn: false,
    anonymous: false,
  },
};

describe('authorization policy: documents', () => {
  for (const [name, cell] of Object.entries(MATRIX)) {
    it(`${cell.signedIn ? 'allows' : 'refuses'} a signed-in person to ${name}, and ${cell.anonymous ? 'allows' : 'refuses'} the anonymous`, () => {
      expect(can(someone, cell.action, cell.target as never)).toBe(cell.signedIn);
      expect(can(Viewer.anonymous, cell.action, cell.target as never)).toBe(cell.anonymous);
    });
  }

  it('has a matrix row for every document action', () => {
    const actions = Object.keys(rules).filter((action) => action.startsWith('document.'));
    expect(actions.filter((action) => !Object.values(MATRIX).some((cell) => cell.action === action))).toEqual([]);
  });
});
