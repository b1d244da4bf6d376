import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Zone } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { Audience, DeliveryFormat, ModuleStatus } from '../../src/modules/learning/learning.enums';
import { LearningModulesDeepDocument, LearningModulesDocument } from '../generated/graphql';
import { useTestHub } from '../helpers/hub';
import { learningFactories, moduleId } from './factories';

const t = useTestHub();
const make = learningFactories(t);

/** A word no other test uses, so searches see only this test's modules. */
const word = () => `kw${randomBytes(5).toString('hex')}`;
const titles = (result: { learningModules: { edges: Array<{ node: { title: string } }> } }) => result.learningModules.edges.map((e) => e.node.title);

describe('Query.learningModules search', () => {
  it('ranks a title hit over a summary hit over a body hit', async () => {
    const w = word();
    await make.buildModule({ title: 'Body hit', body: `Practice with ${w} rubrics.` });
    await make.buildModule({ title: `Title hit ${w}` });
    await make.buildModule({ title: 'Summary hit', summary: `An introduction to ${w}.` });
    await make.buildModule({ title: 'No hit' });

    const result = await t.data(LearningModulesDocument, { filter: { search: w } });
    expect(titles(result)).toEqual([`Title hit ${w}`, 'Summary hit', 'Body hit']);
    expect(result.learningModules.totalCount).toBe(3);
  });

  it('matches word forms (English stemming) and web-search syntax, and never fails on odd input', async () => {
    const w = word();
    await make.buildModule({ title: `Designing performance assessments ${w}` });
    await make.buildModule({ title: `Grading practices ${w}` });
    expect(titles(await t.data(LearningModulesDocument, { filter: { search: `${w} assessment design` } }))).toEqual([`Designing performance assessments ${w}`]);
    expect(titles(await t.data(LearningModulesDocument, { filter: { search: `${w} -grading` } }))).toEqual([`Designing performance assessments ${w}`]);
    for (const odd of ['"unbalanced', '&&& | !', "'; drop table learning_modules; --", 'the']) {
      const result = await t.request(LearningModulesDocument, { filter: { search: odd } });
      expect(result.errors).toBeUndefined();
    }
  });

  it('refuses searches longer than 200 characters as BAD_USER_INPUT naming filter.search', async () => {
    const result = await t.request(LearningModulesDocument, { filter: { search: 'x'.repeat(201) } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search' }] });
  });

  it('leaves out drafts and archived modules', async () => {
    const w = word();
    await make.buildModule({ title: `Published ${w}` });
    await make.buildModule({ title: `Draft ${w}`, status: ModuleStatus.DRAFT });
    await make.buildModule({ title: `Archived ${w}`, status: ModuleStatus.ARCHIVED });
    expect(titles(await t.data(LearningModulesDocument, { filter: { search: w } }))).toEqual([`Published ${w}`]);
  });
});

describe('Query.learningModules filters', () => {
  it('combines competencies, audiences, formats, zones and publisher (each list matches any of its values)', async () => {
    const { organization } = await make.buildPublisher();
    const publisherId = toGlobalId('Organization', organization.id);
    const build = (title: string, audiences: Audience[], format: DeliveryFormat, zones: Zone[], competencies: string[]) =>
      make.buildModule({ publisher: organization, title, audiences, format, zones, competencies });
    await build('Preservice virtual SDZ', [Audience.PRESERVICE], DeliveryFormat.VIRTUAL, [Zone.SYSTEM_DESIGN], ['assessment literacy']);
    await build('Leader in person ILDZ', [Audience.SCHOOL_LEADER], DeliveryFormat.IN_PERSON, [Zone.INNOVATIVE_LEARNING_DESIGN], ['scheduling']);
    await build(
      'New hybrid both zones',
      [Audience.NEW_EDUCATOR, Audience.PRESERVICE],
      DeliveryFormat.HYBRID,
      [Zone.SYSTEM_DESIGN, Zone.INNOVATIVE_LEARNING_DESIGN],
      ['assessment literacy', 'feedback'],
    );
    await make.buildModule({ title: 'Elsewhere', audiences: [Audience.PRESERVICE] });

    const find = async (filter: object) => titles(await t.data(LearningModulesDocument, { filter: { publisherId, ...filter } })).sort();
    expect(await find({})).toEqual(['Leader in person ILDZ', 'New hybrid both zones', 'Preservice virtual SDZ']);
    expect(await find({ audiences: ['PRESERVICE'] })).toEqual(['New hybrid both zones', 'Preservice virtual SDZ']);
    expect(await find({ audiences: ['PRESERVICE'], formats: ['HYBRID', 'IN_PERSON'] })).toEqual(['New hybrid both zones']);
    expect(await find({ zones: ['INNOVATIVE_LEARNING_DESIGN'] })).toEqual(['Leader in person ILDZ', 'New hybrid both zones']);
    expect(await find({ competencies: ['  Assessment LITERACY '] })).toEqual(['New hybrid both zones', 'Preservice virtual SDZ']);
    expect(await find({ competencies: ['assessment literacy'], zones: ['SYSTEM_DESIGN'], audiences: ['NEW_EDUCATOR'] })).toEqual(['New hybrid both zones']);
    expect(await find({ audiences: ['VETERAN_EDUCATOR'] })).toEqual([]);
  });

  it('refuses a publisherId that is not an organization id as BAD_USER_INPUT', async () => {
    const result = await t.request(LearningModulesDocument, { filter: { publisherId: 'nonsense' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.publisherId' }] });
  });
});

describe('Query.learningModules pages', () => {
  it('pages newest first with cursors that stay stable across new publications', async () => {
    const { organization } = await make.buildPublisher();
    const publisherId = toGlobalId('Organization', organization.id);
    for (const n of [1, 2, 3, 4, 5]) await make.buildModule({ publisher: organization, title: `Recent ${n}` });

    const first = await t.data(LearningModulesDocument, { first: 2, filter: { publisherId } });
    expect(titles(first)).toEqual(['Recent 5', 'Recent 4']);
    await make.buildModule({ publisher: organization, title: 'Recent 6' });
    const second = await t.data(LearningModulesDocument, { first: 2, after: first.learningModules.pageInfo.endCursor, filter: { publisherId } });
    expect(titles(second)).toEqual(['Recent 3', 'Recent 2']);
    const last = await t.data(LearningModulesDocument, { first: 2, after: second.learningModules.pageInfo.endCursor, filter: { publisherId } });
    expect(titles(last)).toEqual(['Recent 1']);
    expect(last.learningModules.pageInfo.hasNextPage).toBe(false);
    expect(last.learningModules.totalCount).toBe(6);
  });

  it('pages search results by relevance with cursors that stay stable across new hits', async () => {
    const w = word();
    await make.buildModule({ title: `A ${w}` });
    await make.buildModule({ title: 'B', summary: `${w}` });
    await make.buildModule({ title: 'C', body: `${w}` });
    await make.buildModule({ title: 'D', body: `${w} and ${w} again` });

    const first = await t.data(LearningModulesDocument, { first: 2, filter: { search: w } });
    expect(titles(first)).toEqual([`A ${w}`, 'B']);
    await make.buildModule({ title: `E ${w}` });
    const rest = await t.data(LearningModulesDocument, { first: 5, after: first.learningModules.pageInfo.endCursor, filter: { search: w } });
    expect(titles(rest)).toEqual(['D', 'C']);

    // A cursor from the recency order does not fit the relevance order.
    const recent = await t.data(LearningModulesDocument, { first: 1 });
    const mixed = await t.request(LearningModulesDocument, { first: 1, after: recent.learningModules.pageInfo.endCursor, filter: { search: w } });
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
  });

  it('runs the same number of SQL statements for 5 and for 50 modules with publisher, prerequisites and versions', async () => {
    const { organization } = await make.buildPublisher();
    const other = await make.buildOrganization();
    const publisherId = toGlobalId('Organization', organization.id);
    const foundation = await make.buildModule({ publisher: other });
    for (let i = 0; i < 50; i++) await make.buildModule({ publisher: organization, prerequisites: [foundation] });

    const count = async (first: number) => {
      t.resetStatements();
      const result = await t.data(LearningModulesDeepDocument, { first, filter: { publisherId } });
      expect(result.learningModules.edges).toHaveLength(first);
      expect(result.learningModules.edges.every((e) => e.node.prerequisites[0]?.id === moduleId(foundation) && e.node.versions.length === 1)).toBe(true);
      return t.statements.length;
    };
    const small = await count(5);
    const large = await count(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);
  });
});
