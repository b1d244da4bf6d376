/**
 * Rows read straight into entities (src/db/read-rows.ts) hold the same
 * values MikroORM's own hydration gives, convert arrays and times only when
 * read, and stay out of every unit of work.
 */
import { describe, expect, it } from 'vitest';
import { propertiesRead, readByIds, rowReader } from '../../src/db/read-rows';
import { selectRows } from '../../src/db/select';
import { LearningModule } from '../../src/modules/learning/learning-module.entity';
import { Organization } from '../../src/modules/organizations/organization.entity';
import { Zone } from '../../src/domain/enums';
import { Audience, DeliveryFormat } from '../../src/modules/learning/learning.enums';
import { learningFactories } from '../learning/factories';
import { useTestHub } from '../helpers/hub';

const t = useTestHub();
const make = learningFactories(t);

/** Every mapped property of a module, references by id, in comparable form. */
function plain(module: LearningModule): Record<string, unknown> {
  const meta = t.hub.orm.getMetadata().get(LearningModule.name);
  return Object.fromEntries(
    meta.props
      .filter((prop) => !prop.lazy && prop.fieldNames?.length === 1 && ['scalar', 'm:1'].includes(prop.kind))
      .map((prop) => {
        const value = (module as unknown as Record<string, unknown>)[prop.name];
        return [prop.name, prop.kind === 'm:1' ? (value as { id: string } | null)?.id : value];
      }),
  );
}

describe('read rows', () => {
  it('hold what MikroORM hydrates, for every column: text, arrays, enums, numbers, times and references', async () => {
    const module = await make.buildModule({
      competencies: ['mastery transcripts', 'student agency'],
      audiences: [Audience.NEW_EDUCATOR, Audience.SCHOOL_LEADER],
      zones: [Zone.SYSTEM_DESIGN],
      format: DeliveryFormat.HYBRID,
      summary: 'It\'s "quoted", with {braces} and a back\\slash',
    });
    const hydrated = await t.hub.orm.em.fork().findOneOrFail(LearningModule, module.id);
    const [read] = await readByIds(t.hub.orm.em.fork(), LearningModule, [module.id]);

    expect(plain(read)).toEqual(plain(hydrated));
    expect(read.publishedAt).toBeInstanceOf(Date);
    expect(read).toBeInstanceOf(LearningModule);
    expect(read.publisher).toBeInstanceOf(Organization);
    expect(read.nodeId).toBe(hydrated.nodeId);
  });

  it('parse arrays and times on first read only, and keep what is assigned', async () => {
    const module = await make.buildModule({ competencies: ['flexible pacing'] });
    const [read] = await readByIds(t.hub.orm.em.fork(), LearningModule, [module.id]);

    expect(Object.getOwnPropertyDescriptor(read, 'competencies')).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(read, 'createdAt')).toBeUndefined();
    expect(read.competencies).toEqual(['flexible pacing']);
    expect(Object.getOwnPropertyDescriptor(read, 'competencies')?.value).toEqual(['flexible pacing']);
    read.competencies = ['student agency'];
    expect(read.competencies).toEqual(['student agency']);
    expect(rowReader(t.hub.orm.em.fork(), LearningModule).columns('t')).toContain('t."competencies"::text as "competencies"');
  });

  it('are in no unit of work: nothing is tracked, changed or flushed through them', async () => {
    const module = await make.buildModule({ title: 'Untouched title' });
    const em = t.hub.orm.em.fork();
    const [read] = await readByIds(em, LearningModule, [module.id]);
    read.title = 'Changed in memory only';
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    await em.flush();
    const stored = await t.hub.orm.em.fork().findOneOrFail(LearningModule, module.id);
    expect(stored.title).toBe('Untouched title');
  });

  it('read only some columns with `only`: those properties hold their values, the others throw when read, and the entity says what it holds', async () => {
    const module = await make.buildModule({ title: 'Partly read', competencies: ['student agency'] });
    const em = t.hub.orm.em.fork();
    const reader = rowReader(em, LearningModule).only(new Set(['title', 'competencies', 'publisher']));
    expect(reader.columns('t')).not.toContain('"body"');
    const [row] = await selectRows(em, `select ${reader.columns('t')} from ${reader.table} t where t.id = ?`, [module.id]);
    const read = reader.map(row);

    expect(read).toBeInstanceOf(LearningModule);
    expect([read.id, read.title, read.competencies, read.publisher.id]).toEqual([module.id, 'Partly read', ['student agency'], module.publisher.id]);
    expect(read.nodeId).toBe(module.nodeId);
    expect(() => read.body).toThrow(/LearningModule\.body was not read/);
    expect(() => read.status).toThrow(/LearningModule\.status was not read/);
    expect(propertiesRead(read)).toEqual(new Set(['id', 'title', 'competencies', 'publisher']));
    expect(propertiesRead((await readByIds(em, LearningModule, [module.id]))[0])).toBeUndefined();
    read.body = 'assigned';
    expect(read.body).toBe('assigned');
    // The same properties share one reader; every property is the whole reader.
    expect(rowReader(em, LearningModule).only(new Set(['publisher', 'competencies', 'title']))).toBe(reader);
    expect(rowReader(em, LearningModule).only(null)).toBe(rowReader(em, LearningModule));
  });
});
