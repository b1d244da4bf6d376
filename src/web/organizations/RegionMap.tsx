/**
 * Missouri's eight DESE supervisory regions as a schematic map (a simplified
 * outline bundled here, no tile server), each region shaded by how many
 * organizations match the directory's kind and zone filters, its count
 * written on it, and clickable (or Enter/Space) to filter by that region.
 */
import type { KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import { WebRegionCountsDocument, type OrganizationKind, type WebRegionCountsQuery, type Zone } from '../generated/graphql';

type Point = [number, number];

const REGION_SHAPES: Array<{ name: string; key: keyof Counts; points: Point[]; label: Point }> = [
  {
    name: 'Northwest',
    key: 'northwest',
    points: [
      [20, 20],
      [160, 20],
      [160, 120],
      [110, 120],
      [110, 110],
      [40, 110],
    ],
    label: [95, 65],
  },
  {
    name: 'Northeast',
    key: 'northeast',
    points: [
      [160, 20],
      [300, 20],
      [330, 90],
      [350, 120],
      [160, 120],
    ],
    label: [245, 70],
  },
  {
    name: 'Kansas City',
    key: 'kansasCity',
    points: [
      [40, 110],
      [110, 110],
      [110, 170],
      [60, 170],
      [60, 150],
    ],
    label: [78, 140],
  },
  {
    name: 'Central',
    key: 'central',
    points: [
      [110, 120],
      [260, 120],
      [260, 220],
      [170, 220],
      [110, 200],
      [110, 170],
    ],
    label: [190, 170],
  },
  {
    name: 'St. Louis',
    key: 'stLouis',
    points: [
      [260, 120],
      [350, 120],
      [370, 150],
      [375, 210],
      [371, 220],
      [260, 220],
    ],
    label: [315, 172],
  },
  {
    name: 'Southwest',
    key: 'southwest',
    points: [
      [60, 170],
      [110, 170],
      [110, 200],
      [170, 220],
      [170, 315],
      [60, 315],
    ],
    label: [112, 262],
  },
  {
    name: 'South Central',
    key: 'southCentral',
    points: [
      [170, 220],
      [260, 220],
      [260, 315],
      [170, 315],
    ],
    label: [215, 268],
  },
  {
    name: 'Southeast',
    key: 'southeast',
    points: [
      [260, 220],
      [371, 220],
      [355, 260],
      [350, 300],
      [340, 350],
      [300, 350],
      [300, 315],
      [260, 315],
    ],
    label: [312, 270],
  },
];

type Counts = WebRegionCountsQuery;

/** Lighter to darker blue with the count (contrast kept for the dark label). */
function shade(count: number, most: number): string {
  const share = most === 0 ? 0 : count / most;
  const lightness = 94 - Math.round(share * 34);
  return `hsl(205 60% ${lightness}%)`;
}

export function RegionMap({ kind, zone, selected, onSelect }: { kind?: OrganizationKind; zone?: Zone; selected?: string; onSelect(region: string): void }) {
  const [{ data, error }] = useQuery({ query: WebRegionCountsDocument, variables: { kind, zone } });
  if (error) return null;
  const counts: Counts | undefined = data;
  const most = counts ? Math.max(...REGION_SHAPES.map((r) => counts[r.key].totalCount)) : 0;
  const choose = (name: string) => onSelect(selected === name ? '' : name);
  const onKey = (event: KeyboardEvent, name: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(name);
    }
  };
  return (
    <figure className="region-map">
      <svg viewBox="0 0 395 370" role="group" aria-label="Missouri's eight DESE regions: choose one to filter the directory">
        {REGION_SHAPES.map((region) => {
          const count = counts?.[region.key].totalCount;
          const isSelected = selected === region.name;
          return (
            <g
              key={region.name}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={`${region.name}${count === undefined ? '' : ` ${count} organizations`}`}
              className={isSelected ? 'region selected' : 'region'}
              onClick={() => choose(region.name)}
              onKeyDown={(event) => onKey(event, region.name)}
            >
              <polygon points={region.points.map((p) => p.join(',')).join(' ')} fill={count === undefined ? '#eef2f5' : shade(count, most)} />
            </g>
          );
        })}
        {/* Names and counts over every shape (drawn last so no neighbour covers them); the buttons carry them as their names. */}
        <g aria-hidden="true" className="region-labels">
          {REGION_SHAPES.map((region) => (
            <text key={region.name} x={region.label[0]} y={region.label[1]} textAnchor="middle">
              <tspan x={region.label[0]}>{region.name}</tspan>
              {counts && (
                <tspan x={region.label[0]} dy="1.2em">
                  {counts[region.key].totalCount}
                </tspan>
              )}
            </text>
          ))}
        </g>
      </svg>
      <figcaption className="meta">
        Schematic map: organizations per region{selected ? `; showing ${selected} (choose it again for all regions)` : ''}.
      </figcaption>
    </figure>
  );
}
