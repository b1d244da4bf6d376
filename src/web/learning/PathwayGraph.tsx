/**
 * A module's prerequisite pathway drawn as a graph: every module of the
 * pathway on a row by its level (a module sits below all its prerequisites),
 * an arrow from each prerequisite to the module that needs it, each box a link
 * to its module, and the ones the signed-in educator completed marked. The
 * same pathway follows as an ordered list, the text alternative (read in
 * order, each step after its prerequisites).
 */
import { Link } from 'react-router';
import './pathway.css';

export interface PathwayStep {
  id: string;
  title: string;
  prerequisites: Array<{ id: string }>;
}

const NODE_WIDTH = 212;
/** Room for two lines of title; a box grows by a line's height for each more. */
const MIN_HEIGHT = 50;
const LINE_HEIGHT = 15;
const GAP_X = 16;
const GAP_Y = 40;
const LINE = 24;

interface Placed extends PathwayStep {
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

export function PathwayGraph({ steps, current, completed }: { steps: PathwayStep[]; current: PathwayStep; completed: Set<string> }) {
  const { nodes, edges, width, height, nodeHeight } = layoutPathway(steps, current);
  const pad = 4;
  const name = (step: Placed) => `${step.title}${completed.has(step.id) ? ' (completed)' : ''}${step.current ? ' (this module)' : ''}`;
  const listed = nodes; // already in an order where each step follows its prerequisites
  return (
    <>
      <div className="pathway-graph">
        <svg
          viewBox={`${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`}
          style={{ maxWidth: `${width + 2 * pad}px`, minWidth: `${Math.min(width + 2 * pad, 340)}px` }}
          role="group"
          aria-label={`Pathway graph: ${nodes.length} modules, each after its prerequisites`}
        >
          <defs>
            <marker id="pathway-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="pathway-arrowhead" />
            </marker>
          </defs>
          <g aria-hidden="true">
            {edges.map(({ from, to }) => {
              const x1 = from.x + NODE_WIDTH / 2;
              const y1 = from.y + nodeHeight;
              const x2 = to.x + NODE_WIDTH / 2;
              const y2 = to.y - 2;
              const mid = (y1 + y2) / 2;
              return (
                <path
                  key={`${from.id}>${to.id}`}
                  className="pathway-edge"
                  data-from={from.title}
                  data-to={to.title}
                  d={`M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`}
                  markerEnd="url(#pathway-arrow)"
                />
              );
            })}
          </g>
          {nodes.map((step) => {
            const lines = titleLines(step.title);
            const done = completed.has(step.id);
            const box = (
              <>
                <rect width={NODE_WIDTH} height={nodeHeight} rx="6" />
                <text x={done ? 28 : 10} y={nodeHeight / 2} aria-hidden="true">
                  {lines.map((line, i) => (
                    <tspan key={i} x={done ? 28 : 10} dy={i === 0 ? `${0.35 - (lines.length - 1) * 0.625}em` : '1.25em'}>
                      {line}
                    </tspan>
                  ))}
                </text>
                {done && <path className="pathway-check" d="M9,25 l5,5 l9,-11" aria-hidden="true" transform={`translate(0 ${nodeHeight / 2 - 25})`} />}
              </>
            );
            const classes = ['pathway-node', done ? 'completed' : '', step.current ? 'current' : ''].filter(Boolean).join(' ');
            return step.current ? (
              <g key={step.id} className={classes} transform={`translate(${step.x} ${step.y})`} role="img" aria-label={name(step)} data-node={step.title}>
                {box}
              </g>
            ) : (
              <Link key={step.id} to={`/learning/modules/${step.id}`} aria-label={name(step)} className={classes} data-node={step.title}>
                <g transform={`translate(${step.x} ${step.y})`}>{box}</g>
              </Link>
            );
          })}
        </svg>
      </div>
      <p className="meta">The pathway in order (each module after its prerequisites):</p>
      <ol className="pathway">
        {listed.map((step) => {
          const before = step.prerequisites.map((p) => nodes.find((n) => n.id === p.id)?.title).filter(Boolean);
          return (
            <li key={step.id} aria-current={step.current ? 'page' : undefined}>
              {step.current ? step.title : <Link to={`/learning/modules/${step.id}`}>{step.title}</Link>}
              {completed.has(step.id) ? ' (completed)' : ''}
              {before.length > 0 && <span className="meta"> after {before.join(', ')}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}
