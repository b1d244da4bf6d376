/**
 * Missouri's eight DESE supervisory regions, drawn from the state's real
 * county outline (map/outline.ts, generated from us-atlas by
 * map/generate-outline.ts and bundled: no tile server), each region shaded by
 * how many organizations match the directory's kind, zone and school-year
 * filters, its count written on it, and clickable (or Enter/Space) to filter
 * by that region. A legend says what the shades mean.
 */
import type { KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import { WebRegionCountsDocument, type OrganizationKind, type WebRegionCountsQuery, type Zone } from '../generated/graphql';
import { REGION_BORDERS, REGION_OUTLINES, VIEW_BOX } from './map/outline';
import './map/map.css';

type Counts = WebRegionCountsQuery;
type CountKey = Exclude<keyof Counts, '__typename'>;

/** Lighter to darker blue with the count (every shade keeps the dark label readable). */
export function shade(count: number, most: number): string {
  const share = most === 0 ? 0 : count / most;
  const lightness = 95 - Math.round(share * 35);
  return `hsl(205 60% ${lightness}%)`;
}

function countOf(counts: Counts | undefined, key: string): number | undefined {
  return counts?.[key as CountKey]?.totalCount;
}

export function RegionMap({
  kind,
  zone,
  schoolYear,
  selected,
  onSelect,
}: {
  kind?: OrganizationKind;
  zone?: Zone;
  schoolYear?: string;
  selected?: string;
  onSelect(region: string): void;
}) {
  const [{ data, error }] = useQuery({ query: WebRegionCountsDocument, variables: { kind, zone, schoolYear } });
  if (error) return null;
  const counts: Counts | undefined = data;
  const most = counts ? Math.max(...REGION_OUTLINES.map((r) => countOf(counts, r.key) ?? 0)) : 0;
  const choose = (name: string) => onSelect(selected === name ? '' : name);
  const onKey = (event: KeyboardEvent, name: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(name);
    }
  };
  const legend = most > 0 ? [...new Set([0, Math.round(most / 2), most])] : [0];
  return (
    <figure className="region-map">
      <svg viewBox={VIEW_BOX} role="group" aria-label="Missouri's eight DESE regions: choose one to filter the directory">
        {REGION_OUTLINES.map((region) => {
          const count = countOf(counts, region.key);
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
              <path d={region.d} fill={count === undefined ? '#eef2f5' : shade(count, most)} />
            </g>
          );
        })}
        <path className="region-borders" d={REGION_BORDERS} aria-hidden="true" />
        {/* The selected or focused region's outline is drawn again on top, so no neighbour hides it. */}
        {REGION_OUTLINES.filter((r) => r.name === selected).map((r) => (
          <path key={r.name} className="region-outline-selected" d={r.d} aria-hidden="true" />
        ))}
        {/* Names and counts over every shape (drawn last so no neighbour covers them); the buttons carry them as their names. */}
        <g aria-hidden="true" className="region-labels">
          {REGION_OUTLINES.map((region) => {
            const count = countOf(counts, region.key);
            const lines = count === undefined ? region.label.lines : [...region.label.lines, String(count)];
            return (
              <text key={region.name} x={region.label.x} y={region.label.y} textAnchor="middle">
                {lines.map((line, i) => (
                  <tspan
                    key={i}
                    x={region.label.x}
                    dy={i === 0 ? `${0.35 - (lines.length - 1) * 0.55}em` : '1.1em'}
                    className={i === region.label.lines.length ? 'count' : undefined}
                  >
                    {line}
                  </tspan>
                ))}
              </text>
            );
          })}
        </g>
      </svg>
      <figcaption className="meta">
        {counts && (
          <span className="region-legend">
            <span>Shade by count:</span>
            {legend.map((n) => (
              <span key={n} className="swatch-item">
                <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
                  <rect x="0.5" y="0.5" width="15" height="15" fill={shade(n, most)} stroke="#5b6570" />
                </svg>
                {n === most && n > 0 ? `${n} (most)` : n}
              </span>
            ))}
          </span>
        )}
        Organizations per region{zone ? ' in that zone' : ''}
        {schoolYear ? `, ${schoolYear}` : ''}
        {selected ? `; showing ${selected} (choose it again for all regions)` : '; choose a region to filter'}.
      </figcaption>
    </figure>
  );
}
