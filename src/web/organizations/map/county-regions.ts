/**
 * Which of DESE's eight supervisory regions each Missouri county (and the
 * independent City of St. Louis) is in, by its five-digit FIPS code (state 29).
 *
 * Source: the service areas of DESE's Regional Professional Development
 * Centers (RPDCs), as drawn on DESE's RPDC map ("Regional Professional
 * Development Centers", dese.mo.gov, Office of Quality Schools), named here as
 * the hub names its regions (src/domain/regions.ts). DESE lists nine centers;
 * the hub has eight regions, so the counties of the Heart of Missouri RPDC
 * (University of Missouri, Columbia: Audrain, Boone, Callaway, Cooper, Howard,
 * Montgomery) are in Central with those of the University of Central Missouri's
 * center. The table was written out from recollection of that map; it has not
 * yet been checked line by line against a current DESE county list (no copy
 * was at hand when it was written), so check it there before relying on it for
 * more than the map. test/web/network-map.test.ts holds it to the atlas:
 * every one of the 115 counties of us-atlas exactly once, in one of the eight
 * regions. If DESE redraws a service area, change it here and run
 * generate-outline.ts again.
 *
 * Not bundled in the app: only the generator and the tests read it.
 */
/** The hub's names for the regions (the API's `regions`; the web app imports nothing of the server). */
export type Region = 'Central' | 'Kansas City' | 'Northeast' | 'Northwest' | 'South Central' | 'Southeast' | 'Southwest' | 'St. Louis';

export const COUNTIES_BY_REGION: Record<Region, Record<string, string>> = {
  Northwest: {
    '29003': 'Andrew',
    '29005': 'Atchison',
    '29021': 'Buchanan',
    '29025': 'Caldwell',
    '29049': 'Clinton',
    '29061': 'Daviess',
    '29063': 'DeKalb',
    '29075': 'Gentry',
    '29079': 'Grundy',
    '29081': 'Harrison',
    '29087': 'Holt',
    '29117': 'Livingston',
    '29129': 'Mercer',
    '29147': 'Nodaway',
    '29227': 'Worth',
  },
  Northeast: {
    '29001': 'Adair',
    '29041': 'Chariton',
    '29045': 'Clark',
    '29103': 'Knox',
    '29111': 'Lewis',
    '29115': 'Linn',
    '29121': 'Macon',
    '29127': 'Marion',
    '29137': 'Monroe',
    '29163': 'Pike',
    '29171': 'Putnam',
    '29173': 'Ralls',
    '29175': 'Randolph',
    '29197': 'Schuyler',
    '29199': 'Scotland',
    '29205': 'Shelby',
    '29211': 'Sullivan',
  },
  'Kansas City': {
    '29037': 'Cass',
    '29047': 'Clay',
    '29095': 'Jackson',
    '29107': 'Lafayette',
    '29165': 'Platte',
    '29177': 'Ray',
  },
  Central: {
    '29007': 'Audrain',
    '29013': 'Bates',
    '29015': 'Benton',
    '29019': 'Boone',
    '29027': 'Callaway',
    '29029': 'Camden',
    '29033': 'Carroll',
    '29051': 'Cole',
    '29053': 'Cooper',
    '29083': 'Henry',
    '29085': 'Hickory',
    '29089': 'Howard',
    '29101': 'Johnson',
    '29131': 'Miller',
    '29135': 'Moniteau',
    '29139': 'Montgomery',
    '29141': 'Morgan',
    '29151': 'Osage',
    '29159': 'Pettis',
    '29185': 'St. Clair',
    '29195': 'Saline',
    '29217': 'Vernon',
  },
  'St. Louis': {
    '29071': 'Franklin',
    '29099': 'Jefferson',
    '29113': 'Lincoln',
    '29183': 'St. Charles',
    '29189': 'St. Louis County',
    '29219': 'Warren',
    '29510': 'St. Louis City',
  },
  'South Central': {
    '29055': 'Crawford',
    '29065': 'Dent',
    '29073': 'Gasconade',
    '29091': 'Howell',
    '29105': 'Laclede',
    '29125': 'Maries',
    '29149': 'Oregon',
    '29161': 'Phelps',
    '29169': 'Pulaski',
    '29203': 'Shannon',
    '29215': 'Texas',
    '29221': 'Washington',
  },
  Southeast: {
    '29017': 'Bollinger',
    '29023': 'Butler',
    '29031': 'Cape Girardeau',
    '29035': 'Carter',
    '29069': 'Dunklin',
    '29093': 'Iron',
    '29123': 'Madison',
    '29133': 'Mississippi',
    '29143': 'New Madrid',
    '29155': 'Pemiscot',
    '29157': 'Perry',
    '29179': 'Reynolds',
    '29181': 'Ripley',
    '29186': 'Ste. Genevieve',
    '29187': 'St. Francois',
    '29201': 'Scott',
    '29207': 'Stoddard',
    '29223': 'Wayne',
  },
  Southwest: {
    '29009': 'Barry',
    '29011': 'Barton',
    '29039': 'Cedar',
    '29043': 'Christian',
    '29057': 'Dade',
    '29059': 'Dallas',
    '29067': 'Douglas',
    '29077': 'Greene',
    '29097': 'Jasper',
    '29109': 'Lawrence',
    '29119': 'McDonald',
    '29145': 'Newton',
    '29153': 'Ozark',
    '29167': 'Polk',
    '29209': 'Stone',
    '29213': 'Taney',
    '29225': 'Webster',
    '29229': 'Wright',
  },
};

/** FIPS code → region, from the table above. */
export function regionOfCounty(): Map<string, Region> {
  const result = new Map<string, Region>();
  for (const [region, counties] of Object.entries(COUNTIES_BY_REGION) as Array<[Region, Record<string, string>]>) {
    for (const fips of Object.keys(counties)) result.set(fips, region);
  }
  return result;
}
