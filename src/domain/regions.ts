/** DESE's eight supervisory regions, as stored and shown. */
export const REGIONS = ['Central', 'Kansas City', 'Northeast', 'Northwest', 'South Central', 'Southeast', 'Southwest', 'St. Louis'] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}
