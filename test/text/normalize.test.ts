import { describe, expect, it } from 'vitest';
import { normalizeTag, normalizeTags, slugify } from '../../src/text/normalize';

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
    expect(() => normalizeTags(['welding', '***'], 'input.skills')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.skills[1]', message: 'must contain letters or digits' }] }),
      }),
    );
  });
});

describe('slugify (organization and section keys)', () => {
  const organization = { maxLength: 70, fallback: 'organization' };

  it('joins letters and digits with "-", accents dropped, no "-" at either end', () => {
    expect(slugify('  Cedar Bluff R-2 School District! ', organization)).toBe('cedar-bluff-r-2-school-district');
    expect(slugify('Lycée Français de St. Louis', organization)).toBe('lycee-francais-de-st-louis');
  });

  it('keeps at most maxLength characters, and gives the fallback when nothing is left', () => {
    expect(slugify('a'.repeat(100), { maxLength: 60, fallback: 'section' })).toBe('a'.repeat(60));
    expect(slugify('***', organization)).toBe('organization');
    expect(slugify('', { maxLength: 60, fallback: 'section' })).toBe('section');
  });
});
