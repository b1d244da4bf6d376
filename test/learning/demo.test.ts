import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { startDemoHub, type DemoHub } from '../helpers/demo';
import { tokenFor } from '../helpers/hub';

// The demo network goes into a database of its own, so other tests never see it.
let demo: DemoHub;
let hub: Hub;

beforeAll(async () => {
  demo = await startDemoHub('cnz_demo');
  hub = demo.hub;
});
afterAll(() => demo?.close());

async function query<T>(source: string, token?: string): Promise<T> {
  const response = await fetch(hub.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: source }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

interface DemoModule {
  title: string;
  audiences: string[];
  publisher: { slug: string; kind: string };
  pathway: Array<{ title: string }>;
}

describe('demo professional learning', () => {
  it('publishes at least 30 modules from several publishers, covering every audience, with pathways', async () => {
    const data = await query<{ learningModules: { totalCount: number; edges: Array<{ node: DemoModule }> } }>(
      '{ learningModules(first: 100) { totalCount edges { node { title audiences publisher { slug kind } pathway { title } } } } }',
    );
    const modules = data.learningModules.edges.map((e) => e.node);
    expect(data.learningModules.totalCount).toBeGreaterThanOrEqual(28);
    expect(new Set(modules.map((m) => m.publisher.slug)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(modules.map((m) => m.publisher.kind))).toEqual(new Set(['HIGHER_ED', 'REGIONAL', 'STATE_AGENCY']));
    expect(new Set(modules.flatMap((m) => m.audiences))).toEqual(new Set(['PRESERVICE', 'NEW_EDUCATOR', 'VETERAN_EDUCATOR', 'SCHOOL_LEADER']));
    const mentoring = modules.find((m) => m.title === 'Mentoring New Teachers in a CBL School')!;
    expect(mentoring.pathway.map((m) => m.title)).toEqual([
      'Foundations of Competency-Based Learning in Missouri',
      'Unpacking Competencies into Learning Targets',
      'Building Proficiency Scales',
      'Instructional Coaching Cycles for CBL Classrooms',
    ]);
  });

  it("keeps drafts and pending new versions for the publishers' members", async () => {
    const marcus = await tokenFor('marcus.lee@osage-river.example');
    const drafts = await query<{ organization: { modules: { edges: Array<{ node: { title: string; status: string } }> } } }>(
      '{ organization(slug: "osage-river-state-university") { modules(first: 20, status: DRAFT) { edges { node { title status } } } } }',
      marcus,
    );
    expect(drafts.organization.modules.edges.map((e) => e.node.title)).toContain('Building a Competency Portfolio as a Teacher Candidate');

    const priya = await tokenFor('priya.natarajan@heartland-rpdc.example');
    const heartland = await query<{
      organization: { modules: { edges: Array<{ node: { title: string; version: number; draft: { version: number } | null } }> } };
    }>('{ organization(slug: "heartland-rpdc") { modules(first: 20) { edges { node { title version draft { version } } } } } }', priya);
    expect(heartland.organization.modules.edges.find((e) => e.node.title === 'Unpacking Competencies into Learning Targets')?.node).toMatchObject({
      version: 1,
      draft: { version: 2 },
    });
  });

  it('gives Alex Kim a learning plan with completed modules and recommendations', async () => {
    const alex = await tokenFor('alex.kim@little-dixie.example');
    const data = await query<{
      learningPlan: {
        audience: string;
        items: { edges: Array<{ node: { completed: boolean; module: { title: string } } }> };
        recommended: { edges: Array<{ node: { title: string } }> };
      };
    }>(
      '{ learningPlan { audience items(first: 20) { edges { node { completed module { title } } } } recommended(first: 50) { edges { node { title } } } } }',
      alex,
    );
    expect(data.learningPlan.audience).toBe('NEW_EDUCATOR');
    expect(data.learningPlan.items.edges.filter((e) => e.node.completed)).toHaveLength(2);
    const recommended = data.learningPlan.recommended.edges.map((e) => e.node.title);
    expect(recommended).toContain('Essential Employability Skills in Every Classroom');
    expect(recommended).not.toContain('Unpacking Competencies into Learning Targets'); // already in the plan
    expect(recommended).not.toContain('Building Proficiency Scales'); // its prerequisite is not completed yet
  });
});
