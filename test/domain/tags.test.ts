import { describe, expect, it } from 'vitest';
import { normalizeTag, normalizeTags } from '../../src/domain/tags';

describe('tags (competencies and skills)', () => {
  it('gives every spelling of a tag one form', () => {
    for (const spelling of ['Customer Service ', 'customer-service', 'customer_service', '  CUSTOMER   service!']) {
      expect(normalizeTag(spelling)).toBe('customer service');
    }
    expect(normalizeTag('Résumé Writing')).toBe('resume writing');
    expect(normalizeTag('C++ / C#')).toBe('c++ c#');
  });

  it('drops duplicates in first-seen order, and empty tags in filters', () => {
    expect(normalizeTags(['Teamwork', 'Assessment Literacy', 'teamwork', '---'])).toEqual(['teamwork', 'assessment literacy']);
  });

  it('refuses an empty tag in an input with BAD_USER_INPUT naming it', () => {
    expect(() => normalizeTags(['welding', '***'], 'input.skills')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.skills[1]', message: 'must contain letters or digits' }] }) }));
  });
});
