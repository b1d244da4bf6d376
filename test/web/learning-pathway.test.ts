/** The pathway graph's layout (src/web/learning/pathway-layout.ts): levels, edges, places, and titles broken into lines. */
import { describe, expect, it } from 'vitest';
import { layoutPathway, titleLines, type PathwayStep } from '../../src/web/learning/pathway-layout';

const step = (id: string, ...prerequisites: string[]): PathwayStep => ({ id, title: `Module ${id}`, prerequisites: prerequisites.map((p) => ({ id: p })) });

describe('layoutPathway', () => {
  it('puts each module one level below its deepest prerequisite, with an edge from each prerequisite', () => {
    // a → b → d, a → c → d, and a shortcut a → d: d still sits below b and c.
    const { nodes, edges, width, height } = layoutPathway([step('a'), step('b', 'a'), step('c', 'a')], step('d', 'b', 'c', 'a'));
    const level = Object.fromEntries(nodes.map((n) => [n.id, n.level]));
    expect(level).toEqual({ a: 0, b: 1, c: 1, d: 2 });
    expect(edges.map((e) => `${e.from.id}>${e.to.id}`).sort()).toEqual(['a>b', 'a>c', 'a>d', 'b>d', 'c>d']);
    expect(nodes.find((n) => n.id === 'd')!.current).toBe(true);
    expect(nodes.filter((n) => n.current)).toHaveLength(1);
    // Every box inside the drawing, none overlapping another on its row.
    for (const n of nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x).toBeLessThanOrEqual(width);
      expect(n.y).toBeLessThan(height);
    }
    const b = nodes.find((n) => n.id === 'b')!;
    const c = nodes.find((n) => n.id === 'c')!;
    expect(b.y).toBe(c.y);
    expect(Math.abs(b.x - c.x)).toBeGreaterThan(200);
  });

  it('ignores prerequisites outside the pathway and lists the current module last', () => {
    const { nodes, edges } = layoutPathway([step('a', 'elsewhere')], step('z', 'a'));
    expect(nodes.map((n) => n.id)).toEqual(['a', 'z']);
    expect(edges.map((e) => `${e.from.id}>${e.to.id}`)).toEqual(['a>z']);
  });
});

describe('titleLines', () => {
  it('breaks a title at spaces into lines that read back as the whole title', () => {
    const title = 'Standards-based grading conferences with families and students';
    const lines = titleLines(title);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(title);
    for (const line of lines) expect(line.trimEnd().length).toBeLessThanOrEqual(24);
  });

  it('cuts a word longer than a line without losing a letter', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis';
    expect(titleLines(word).join('')).toBe(word);
    expect(titleLines('Short')).toEqual(['Short']);
  });
});
