/**
 * The pathway graph's layout, apart from React (so tests can run it): every
 * module on a row by its level, a module one row below its deepest
 * prerequisite, and titles broken into the boxes' lines.
 */
export interface PathwayStep {
  id: string;
  title: string;
  prerequisites: Array<{ id: string }>;
}

export const NODE_WIDTH = 212;
/** Room for two lines of title; a box grows by a line's height for each more. */
const MIN_HEIGHT = 50;
const LINE_HEIGHT = 15;
export const GAP_X = 16;
export const GAP_Y = 40;
const LINE = 24;

export interface Placed extends PathwayStep {
  level: number;
  x: number;
  y: number;
  current: boolean;
}

/** Levels from the prerequisites: 0 for a module that needs none (of these), else one below its deepest prerequisite. */
export function layoutPathway(
  steps: PathwayStep[],
  current: PathwayStep,
): { nodes: Placed[]; edges: Array<{ from: Placed; to: Placed }>; width: number; height: number; nodeHeight: number } {
  const all = [...steps.filter((s) => s.id !== current.id), current];
  const nodeHeight = Math.max(MIN_HEIGHT, 20 + LINE_HEIGHT * Math.max(...all.map((s) => titleLines(s.title).length)));
  const byId = new Map(all.map((s) => [s.id, s]));
  const levels = new Map<string, number>();
  const levelOf = (step: PathwayStep, seen: Set<string>): number => {
    const known = levels.get(step.id);
    if (known !== undefined) return known;
    if (seen.has(step.id)) return 0; // the hub refuses cycles; guard anyway
    seen.add(step.id);
    const before = step.prerequisites.map((p) => byId.get(p.id)).filter((p): p is PathwayStep => Boolean(p));
    const level = before.length === 0 ? 0 : 1 + Math.max(...before.map((p) => levelOf(p, seen)));
    levels.set(step.id, level);
    return level;
  };
  all.forEach((s) => levelOf(s, new Set()));
  const depth = Math.max(...all.map((s) => levels.get(s.id)!));
  const rows: PathwayStep[][] = Array.from({ length: depth + 1 }, () => []);
  for (const step of all) rows[levels.get(step.id)!].push(step);

  const widest = Math.max(...rows.map((r) => r.length));
  const width = widest * NODE_WIDTH + (widest - 1) * GAP_X;
  const placed = new Map<string, Placed>();
  rows.forEach((row, level) => {
    // Each row in the order of its prerequisites' places (fewer crossings), pathway order breaking ties.
    const centre = (s: PathwayStep) => {
      const xs = s.prerequisites.map((p) => placed.get(p.id)?.x).filter((x): x is number => x !== undefined);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
    };
    const ordered = level === 0 ? row : [...row].sort((a, b) => centre(a) - centre(b));
    const rowWidth = ordered.length * NODE_WIDTH + (ordered.length - 1) * GAP_X;
    ordered.forEach((step, i) => {
      const x = (width - rowWidth) / 2 + i * (NODE_WIDTH + GAP_X);
      placed.set(step.id, { ...step, level, x, y: level * (nodeHeight + GAP_Y), current: step.id === current.id });
    });
  });
  const nodes = all.map((s) => placed.get(s.id)!);
  const edges = nodes.flatMap((to) => to.prerequisites.map((p) => placed.get(p.id)).flatMap((from) => (from ? [{ from, to }] : [])));
  return { nodes, edges, width, height: (depth + 1) * nodeHeight + depth * GAP_Y, nodeHeight };
}

/**
 * A title broken into lines of the box, whole (each line keeps the space it
 * was broken at, so the box's text reads as the title: its link's name).
 */
export function titleLines(title: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (line && `${line} ${rest}`.length > LINE) {
      lines.push(`${line} `);
      line = '';
    }
    while (rest.length > LINE) {
      lines.push(rest.slice(0, LINE));
      rest = rest.slice(LINE);
    }
    line = line ? `${line} ${rest}` : rest;
  }
  if (line) lines.push(line);
  return lines;
}
