/**
 * The demo network: fictional organizations across DESE's eight supervisory
 * regions, SDZ and ILDZ district cohorts, the Collaborative Network Zone's
 * colleges, regional centers and businesses, a state agency, and people.
 */
import { MemberRole, OrganizationKind, Zone } from '../domain/enums';
import type { Region } from '../domain/regions';

export interface DemoOrganization {
  slug: string;
  name: string;
  kind: OrganizationKind;
  region: Region;
  description: string;
  /** Zone and the school year the organization joined it (its cohort). */
  zones: Array<{ zone: Zone; since: string; until?: string }>;
  /** A SCHOOL's district (slug). */
  parent?: string;
}

const { HIGHER_ED, REGIONAL, BUSINESS, DISTRICT, STATE_AGENCY } = OrganizationKind;
const { SYSTEM_DESIGN: SDZ, INNOVATIVE_LEARNING_DESIGN: ILDZ, COLLABORATIVE_NETWORK: CNZ } = Zone;

const district = (slug: string, name: string, region: Region, zones: DemoOrganization['zones'], description: string): DemoOrganization => ({
  slug,
  name,
  kind: DISTRICT,
  region,
  zones,
  description,
});
const partner = (slug: string, name: string, kind: OrganizationKind, region: Region, since: string, description: string): DemoOrganization => ({
  slug,
  name,
  kind,
  region,
  zones: [{ zone: CNZ, since }],
  description,
});

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  partner(
    'show-me-learning-office',
    'Show-Me Office of Success-Ready Learning',
    STATE_AGENCY,
    'Central',
    '2022-2023',
    'The state agency team that convenes the Innovation Zones and reviews waiver requests (fictional stand-in for DESE).',
  ),

  partner(
    'osage-river-state-university',
    'Osage River State University',
    HIGHER_ED,
    'Central',
    '2022-2023',
    'College of Education; preservice pathways in competency-based learning.',
  ),
  partner(
    'bootheel-college-of-education',
    'Bootheel College of Education',
    HIGHER_ED,
    'Southeast',
    '2023-2024',
    'Teacher preparation for rural districts of the Bootheel.',
  ),
  partner(
    'gateway-metropolitan-university',
    'Gateway Metropolitan University',
    HIGHER_ED,
    'St. Louis',
    '2022-2023',
    'Graduate programs in assessment for learning and school leadership.',
  ),
  partner(
    'prairie-bluff-university',
    'Prairie Bluff University',
    HIGHER_ED,
    'Northwest',
    '2024-2025',
    'Micro-credentials for veteran educators moving to CBL.',
  ),
  partner(
    'ozark-highlands-college',
    'Ozark Highlands College',
    HIGHER_ED,
    'Southwest',
    '2023-2024',
    'Career and technical education faculty; real-world learning design.',
  ),

  partner(
    'heartland-rpdc',
    'Heartland Regional Professional Development Center',
    REGIONAL,
    'Central',
    '2022-2023',
    'Regional coaching for SDZ and ILDZ districts in mid-Missouri.',
  ),
  partner(
    'kaw-valley-cooperative',
    'Kaw Valley Education Cooperative',
    REGIONAL,
    'Kansas City',
    '2022-2023',
    'A cooperative of Kansas City area districts sharing CBL practice.',
  ),
  partner(
    'northeast-learning-collaborative',
    'Northeast Missouri Learning Collaborative',
    REGIONAL,
    'Northeast',
    '2023-2024',
    'Professional learning networks for small northeast districts.',
  ),
  partner(
    'south-central-educators-alliance',
    "South Central Educators' Alliance",
    REGIONAL,
    'South Central',
    '2024-2025',
    'Instructional coaching and assessment literacy in the Ozarks.',
  ),

  partner(
    'riverbend-precision',
    'Riverbend Precision Manufacturing',
    BUSINESS,
    'St. Louis',
    '2022-2023',
    'Machining and robotics; apprenticeships and client projects for high schoolers.',
  ),
  partner(
    'mid-america-health-partners',
    'Mid-America Health Partners',
    BUSINESS,
    'Kansas City',
    '2023-2024',
    'Regional hospital network; job shadows and clinical site visits.',
  ),
  partner(
    'ozark-trail-outfitters',
    'Ozark Trail Outfitters',
    BUSINESS,
    'Southwest',
    '2023-2024',
    'Outdoor retail and logistics; internships in operations and marketing.',
  ),
  partner(
    'prairie-wind-energy',
    'Prairie Wind Energy Cooperative',
    BUSINESS,
    'Northwest',
    '2024-2025',
    'Rural electric cooperative; lineworker mentorships and guest speakers.',
  ),
  partner(
    'gateway-software-guild',
    'Gateway Software Guild',
    BUSINESS,
    'St. Louis',
    '2022-2023',
    'Software studios that mentor student developers on client projects.',
  ),
  partner(
    'bootheel-agri-logistics',
    'Bootheel Agri-Logistics',
    BUSINESS,
    'Southeast',
    '2025-2026',
    'Grain handling and river freight; site visits and expert advice on employability skills.',
  ),

  district(
    'cedar-bluff-r2',
    'Cedar Bluff R-II School District',
    'Southwest',
    [{ zone: SDZ, since: '2022-2023' }],
    'Rural district with a graduate profile and competency-based diplomas in grades 9-12.',
  ),
  district(
    'marais-valley-r7',
    'Marais Valley R-VII School District',
    'Kansas City',
    [{ zone: SDZ, since: '2022-2023' }],
    'Suburban district piloting mastery transcripts.',
  ),
  district(
    'confluence-consolidated',
    'Confluence Consolidated School District',
    'St. Louis',
    [{ zone: SDZ, since: '2022-2023' }],
    'Urban district with a learner-centered middle school model.',
  ),
  district(
    'big-piney-c4',
    'Big Piney C-4 School District',
    'South Central',
    [{ zone: SDZ, since: '2023-2024' }],
    'Small rural district using flexible pacing across K-8.',
  ),
  district(
    'salt-river-r3',
    'Salt River R-III School District',
    'Northeast',
    [{ zone: SDZ, since: '2023-2024' }],
    'Rural district with real-world learning partnerships in agriculture.',
  ),
  district(
    'castor-river-r10',
    'Castor River R-X School District',
    'Southeast',
    [{ zone: SDZ, since: '2023-2024' }],
    'Competency-based career pathways with local employers.',
  ),
  district(
    'lamine-river-r8',
    'Lamine River R-VIII School District',
    'Central',
    [{ zone: SDZ, since: '2024-2025' }],
    'Standards-based grading district-wide since 2021.',
  ),
  district(
    'grand-river-r6',
    'Grand River R-VI School District',
    'Northwest',
    [
      { zone: ILDZ, since: '2022-2023', until: '2024-2025' },
      { zone: SDZ, since: '2025-2026' },
    ],
    'Moved from the ILDZ to the SDZ in 2025-2026.',
  ),
  district(
    'loess-hills-r1',
    'Loess Hills R-I School District',
    'Northwest',
    [{ zone: SDZ, since: '2024-2025' }],
    'Personalized learning plans for every student in grades 6-12.',
  ),

  district(
    'little-dixie-r5',
    'Little Dixie R-V School District',
    'Central',
    [{ zone: ILDZ, since: '2023-2024' }],
    'Emerging CBL district building its first competency frameworks.',
  ),
  district(
    'sni-a-bar-valley-r9',
    'Sni-A-Bar Valley R-IX School District',
    'Kansas City',
    [{ zone: ILDZ, since: '2023-2024' }],
    'Two elementary schools piloting learner profiles.',
  ),
  district(
    'whitewater-creek-r4',
    'Whitewater Creek R-IV School District',
    'Southeast',
    [{ zone: ILDZ, since: '2024-2025' }],
    'High school teachers redesigning assessments around competencies.',
  ),
  district(
    'meramec-heights',
    'Meramec Heights School District',
    'St. Louis',
    [{ zone: ILDZ, since: '2024-2025' }],
    'Applied to the SDZ in 2024 and joined the ILDZ to prepare.',
  ),
  district(
    'current-river-c2',
    'Current River C-2 School District',
    'South Central',
    [{ zone: ILDZ, since: '2025-2026' }],
    'Rural K-12 district starting with assessment for learning.',
  ),
  district(
    'fabius-creek-c6',
    'Fabius Creek C-6 School District',
    'Northeast',
    [{ zone: ILDZ, since: '2025-2026' }],
    'Small district exploring flexible scheduling.',
  ),
  district('james-river-r11', 'James River R-XI School District', 'Southwest', [{ zone: ILDZ, since: '2026-2027' }], 'Newest ILDZ cohort member.'),
  {
    slug: 'pine-ridge-elementary',
    name: 'Pine Ridge Elementary School',
    kind: OrganizationKind.SCHOOL,
    region: 'South Central',
    zones: [],
    parent: 'current-river-c2',
    description: 'A K-5 school of Current River C-2 applying to the ILDZ on its own.',
  },
];

export interface DemoUser {
  email: string;
  displayName: string;
  about: string;
  memberships: Array<{ organization: string; role: MemberRole }>;
}

const { OWNER, EDITOR, VIEWER } = MemberRole;

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'dana.whitfield@show-me-learning.example',
    displayName: 'Dana Whitfield',
    about: 'state agency owner: creates organizations, decides waivers',
    memberships: [{ organization: 'show-me-learning-office', role: OWNER }],
  },
  {
    email: 'luis.romero@show-me-learning.example',
    displayName: 'Luis Romero',
    about: 'state agency editor: waiver reviewer',
    memberships: [{ organization: 'show-me-learning-office', role: EDITOR }],
  },
  {
    email: 'marcus.lee@osage-river.example',
    displayName: 'Marcus Lee',
    about: 'higher-ed owner: publishes PD modules',
    memberships: [{ organization: 'osage-river-state-university', role: OWNER }],
  },
  {
    email: 'grace.okafor@gateway-metro.example',
    displayName: 'Grace Okafor',
    about: 'higher-ed editor: publishes PD modules',
    memberships: [{ organization: 'gateway-metropolitan-university', role: EDITOR }],
  },
  {
    email: 'priya.natarajan@heartland-rpdc.example',
    displayName: 'Priya Natarajan',
    about: 'regional center owner: publishes PD modules',
    memberships: [
      { organization: 'heartland-rpdc', role: OWNER },
      { organization: 'kaw-valley-cooperative', role: VIEWER },
    ],
  },
  {
    email: 'jo.ellis@riverbend.example',
    displayName: 'Jo Ellis',
    about: 'business owner: offers B2E opportunities',
    memberships: [{ organization: 'riverbend-precision', role: OWNER }],
  },
  {
    email: 'ken.watanabe@midamerica-health.example',
    displayName: 'Ken Watanabe',
    about: 'business editor: offers B2E opportunities',
    memberships: [{ organization: 'mid-america-health-partners', role: EDITOR }],
  },
  {
    email: 'sam.ortiz@cedar-bluff.example',
    displayName: 'Sam Ortiz',
    about: 'SDZ district owner: leads a waiver request',
    memberships: [{ organization: 'cedar-bluff-r2', role: OWNER }],
  },
  {
    email: 'renee.cartwright@marais-valley.example',
    displayName: 'Renee Cartwright',
    about: 'SDZ district owner: co-signs the waiver request',
    memberships: [{ organization: 'marais-valley-r7', role: OWNER }],
  },
  {
    email: 'tom.becker@big-piney.example',
    displayName: 'Tom Becker',
    about: 'SDZ district owner: co-signs the waiver request',
    memberships: [{ organization: 'big-piney-c4', role: OWNER }],
  },
  {
    email: 'ana.silva@cedar-bluff.example',
    displayName: 'Ana Silva',
    about: 'SDZ teacher: waiver author, learner',
    memberships: [{ organization: 'cedar-bluff-r2', role: EDITOR }],
  },
  {
    email: 'alex.kim@little-dixie.example',
    displayName: 'Alex Kim',
    about: 'ILDZ new educator: keeps a learning plan',
    memberships: [{ organization: 'little-dixie-r5', role: VIEWER }],
  },

  // Zone applications for 2027-2028 (see src/demo/applications.ts).
  {
    email: 'maya.brooks@little-dixie.example',
    displayName: 'Maya Brooks',
    about: 'ILDZ district OWNER: co-writes its SDZ application (a draft)',
    memberships: [{ organization: 'little-dixie-r5', role: OWNER }],
  },
  {
    email: 'omar.haddad@little-dixie.example',
    displayName: 'Omar Haddad',
    about: 'ILDZ district EDITOR: co-writes the SDZ application',
    memberships: [{ organization: 'little-dixie-r5', role: EDITOR }],
  },
  {
    email: 'lena.morris@sni-a-bar.example',
    displayName: 'Lena Morris',
    about: 'district OWNER: answers a clarification on its SDZ application',
    memberships: [{ organization: 'sni-a-bar-valley-r9', role: OWNER }],
  },
  {
    email: 'carla.nguyen@whitewater-creek.example',
    displayName: 'Carla Nguyen',
    about: 'district OWNER: selected for the SDZ, board resolution due',
    memberships: [{ organization: 'whitewater-creek-r4', role: OWNER }],
  },
  {
    email: 'derek.hale@meramec-heights.example',
    displayName: 'Derek Hale',
    about: 'district OWNER: not selected for the SDZ, placed in the ILDZ',
    memberships: [{ organization: 'meramec-heights', role: OWNER }],
  },
  {
    email: 'jordan.price@pine-ridge.example',
    displayName: 'Jordan Price',
    about: 'school OWNER (principal): submitted an ILDZ application',
    memberships: [{ organization: 'pine-ridge-elementary', role: OWNER }],
  },
  {
    email: 'rosa.delgado@show-me-learning.example',
    displayName: 'Rosa Delgado',
    about: 'facilitation team (state agency VIEWER): reviews applications',
    memberships: [{ organization: 'show-me-learning-office', role: VIEWER }],
  },
  {
    email: 'ben.fischer@heartland-rpdc.example',
    displayName: 'Ben Fischer',
    about: 'facilitation team (regional coach): reviews applications',
    memberships: [{ organization: 'heartland-rpdc', role: EDITOR }],
  },
];
