/**
 * A module's prerequisite pathway drawn as a graph: every module of the
 * pathway on a row by its level (a module sits below all its prerequisites),
 * an arrow from each prerequisite to the module that needs it, each box a link
 * to its module, and the ones the signed-in educator completed marked. The
 * same pathway follows as an ordered list, the text alternative (read in
 * order, each step after its prerequisites).
 */
import { Link } from 'react-router';
import { layoutPathway, NODE_WIDTH, titleLines, type Placed, type PathwayStep } from './pathway-layout';
import './pathway.css';

export type { PathwayStep };

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
