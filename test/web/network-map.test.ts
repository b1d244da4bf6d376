/**
 * The directory's map of Missouri (src/web/organizations/map): every county of
 * the atlas in exactly one of DESE's eight regions, and the generated outline
 * drawing each region from those counties.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { REGIONS } from '../../src/domain/regions';
import { COUNTIES_BY_REGION, regionOfCounty } from '../../src/web/organizations/map/county-regions';
import { REGION_BORDERS, REGION_OUTLINES, VIEW_BOX } from '../../src/web/organizations/map/outline';

const atlas = JSON.parse(readFileSync(path.resolve('node_modules/us-atlas/counties-10m.json'), 'utf8')) as Topology<{
  counties: GeometryCollection<{ name: string }>;
}>;
const missouri = atlas.objects.counties.geometries.filter((g) => String(g.id).startsWith('29'));

describe("Missouri's counties by DESE region", () => {
  it('assigns each of the 114 counties and the City of St. Louis to exactly one region', () => {
    expect(missouri).toHaveLength(115);
    const listed = Object.values(COUNTIES_BY_REGION).flatMap((counties) => Object.keys(counties));
    expect(listed).toHaveLength(115);
    expect(new Set(listed).size).toBe(115);
    expect([...listed].sort()).toEqual(missouri.map((g) => String(g.id)).sort());
    expect(regionOfCounty().get('29510')).toBe('St. Louis');
    expect(regionOfCounty().get('29095')).toBe('Kansas City'); // Jackson County
    // The names in the table are the atlas's (the two St. Louis entries say which is which).
    const atlasNames = new Map(missouri.map((g) => [String(g.id), (g.properties as { name: string }).name]));
    for (const counties of Object.values(COUNTIES_BY_REGION)) {
      for (const [fips, name] of Object.entries(counties)) expect(name.startsWith(atlasNames.get(fips)!)).toBe(true);
    }
  });

  it("uses the hub's eight region names, each with counties", () => {
    expect(Object.keys(COUNTIES_BY_REGION).sort()).toEqual([...REGIONS].sort());
    for (const counties of Object.values(COUNTIES_BY_REGION)) expect(Object.keys(counties).length).toBeGreaterThan(0);
  });
});

describe('the generated outline', () => {
  it('draws the eight regions from the table, each a non-empty path with its label inside the drawing', () => {
    expect(REGION_OUTLINES.map((r) => r.name).sort()).toEqual([...REGIONS].sort());
    const [, , width, height] = VIEW_BOX.split(' ').map(Number);
    for (const region of REGION_OUTLINES) {
      expect(region.d).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(region.d.length).toBeGreaterThan(200);
      expect(region.counties).toBe(Object.keys(COUNTIES_BY_REGION[region.name as keyof typeof COUNTIES_BY_REGION]).length);
      const xs = [...region.d.matchAll(/([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      for (const [x, y] of xs) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(height);
      }
      // The label sits within the region's bounding box.
      expect(region.label.x).toBeGreaterThan(Math.min(...xs.map((p) => p[0])));
      expect(region.label.x).toBeLessThan(Math.max(...xs.map((p) => p[0])));
      expect(region.label.y).toBeGreaterThan(Math.min(...xs.map((p) => p[1])));
      expect(region.label.y).toBeLessThan(Math.max(...xs.map((p) => p[1])));
    }
    expect(REGION_OUTLINES.reduce((sum, r) => sum + r.counties, 0)).toBe(115);
    expect(REGION_BORDERS.length).toBeGreaterThan(200);
  });

  it("names each region's count the way the map's query aliases it", () => {
    const operations = readFileSync(path.resolve('src/web/organizations/organizations.graphql'), 'utf8');
    for (const region of REGION_OUTLINES) expect(operations).toContain(`${region.key}: organizations(first: 1, region: "${region.name}"`);
  });
});
