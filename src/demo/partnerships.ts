/**
 * Demo B2E data: opportunities from the network's businesses, districts'
 * skill interests, and partnerships in every status with their history.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DistrictSkillInterests } from '../modules/partnerships/district-interests.entity';
import { Opportunity } from '../modules/partnerships/opportunity.entity';
import { Partnership } from '../modules/partnerships/partnership.entity';
import { OpportunityKind, OpportunityStatus, PartnershipStatus } from '../modules/partnerships/partnership.enums';
import { PartnershipTransition } from '../modules/partnerships/partnership-transition.entity';
import type { SeededNetwork } from './seeded-network';

const { INTERNSHIP, JOB_SHADOW, APPRENTICESHIP, CLIENT_PROJECT, GUEST_SPEAKER, SITE_VISIT, MENTORSHIP, EXPERT_ADVISOR } = OpportunityKind;
const { DRAFT, OPEN, CLOSED } = OpportunityStatus;
const { REQUESTED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, CANCELLED } = PartnershipStatus;

interface DemoOpportunity {
  key: string;
  business: string;
  kind: OpportunityKind;
  title: string;
  description: string;
  skills: string[];
  gradeBands: string[];
  regions: string[];
  capacity: number;
  status: OpportunityStatus;
  startsOn?: string;
  endsOn?: string;
}

const OPPORTUNITIES: DemoOpportunity[] = [
  {
    key: 'cnc',
    business: 'riverbend-precision',
    kind: APPRENTICESHIP,
    title: 'CNC Machining Pre-Apprenticeship',
    description:
      'Juniors and seniors spend two afternoons a week on our shop floor running CNC mills and lathes beside journeyman machinists, earning hours toward a registered apprenticeship.',
    skills: ['cnc machining', 'blueprint reading', 'precision measurement', 'workplace safety'],
    gradeBands: ['9-12'],
    regions: ['St. Louis', 'Central'],
    capacity: 8,
    status: OPEN,
    startsOn: '2027-01-11',
    endsOn: '2027-05-14',
  },
  {
    key: 'robot-cell',
    business: 'riverbend-precision',
    kind: CLIENT_PROJECT,
    title: 'Robotic Cell Redesign Challenge',
    description:
      'Student teams study one of our robotic welding cells and pitch a safer, faster layout to our engineers. Final presentations at the plant in April.',
    skills: ['robotics', 'problem solving', 'teamwork', 'technical communication'],
    gradeBands: ['9-12'],
    regions: ['St. Louis', 'Northeast', 'Southwest'],
    capacity: 24,
    status: OPEN,
    startsOn: '2027-02-01',
    endsOn: '2027-04-23',
  },
  {
    key: 'mfg-day',
    business: 'riverbend-precision',
    kind: SITE_VISIT,
    title: 'Manufacturing Day Plant Tour',
    description: 'A guided tour of machining, inspection and shipping for a class, with a Q&A with our apprentices.',
    skills: ['workplace safety', 'career awareness'],
    gradeBands: ['6-8', '9-12'],
    regions: ['St. Louis'],
    capacity: 60,
    status: CLOSED,
    startsOn: '2026-10-02',
    endsOn: '2026-10-02',
  },
  {
    key: 'ed-shadow',
    business: 'mid-america-health-partners',
    kind: JOB_SHADOW,
    title: 'Emergency Department Job Shadow',
    description: 'Students follow a charge nurse or an ED technician for a full shift, after a HIPAA and infection-control orientation.',
    skills: ['patient care', 'communication', 'professionalism'],
    gradeBands: ['9-12'],
    regions: ['Kansas City', 'Northwest'],
    capacity: 6,
    status: OPEN,
    startsOn: '2026-09-08',
    endsOn: '2027-05-28',
  },
  {
    key: 'sim-lab',
    business: 'mid-america-health-partners',
    kind: SITE_VISIT,
    title: 'Simulation Lab Visit for Future Nurses',
    description: 'A morning in our clinical simulation lab: vital signs on manikins, a rapid-response drill, and lunch with nursing students.',
    skills: ['patient care', 'teamwork', 'career awareness'],
    gradeBands: ['6-8', '9-12'],
    regions: ['Kansas City', 'Central'],
    capacity: 30,
    status: OPEN,
  },
  {
    key: 'health-mentors',
    business: 'mid-america-health-partners',
    kind: MENTORSHIP,
    title: 'Health Careers Mentoring Circle',
    description: 'Monthly small-group mentoring with respiratory therapists, lab scientists and nurses. Being finalized with our HR team.',
    skills: ['professionalism', 'communication'],
    gradeBands: ['9-12'],
    regions: ['Kansas City'],
    capacity: 12,
    status: DRAFT,
  },
  {
    key: 'ops-intern',
    business: 'ozark-trail-outfitters',
    kind: INTERNSHIP,
    title: 'Summer Operations & Logistics Internship',
    description: 'Paid eight-week internship in our distribution center: receiving, inventory counts, and shipping for online orders.',
    skills: ['logistics', 'inventory management', 'customer service', 'work ethic'],
    gradeBands: ['9-12'],
    regions: ['Southwest', 'South Central'],
    capacity: 4,
    status: OPEN,
    startsOn: '2027-06-07',
    endsOn: '2027-07-30',
  },
  {
    key: 'gear-campaign',
    business: 'ozark-trail-outfitters',
    kind: CLIENT_PROJECT,
    title: 'Trail Gear Marketing Campaign',
    description: 'Classes plan a social media campaign for our float-trip gear line, then present it to our marketing team.',
    skills: ['marketing', 'digital media', 'teamwork', 'communication'],
    gradeBands: ['9-12'],
    regions: ['Southwest', 'South Central'],
    capacity: 20,
    status: OPEN,
  },
  {
    key: 'lineworker',
    business: 'prairie-wind-energy',
    kind: MENTORSHIP,
    title: 'Lineworker Mentorship',
    description: 'Seniors interested in line work meet a mentor weekly and join a pole-climbing school demonstration in the spring.',
    skills: ['electrical safety', 'teamwork', 'work ethic'],
    gradeBands: ['9-12'],
    regions: ['Northwest', 'Kansas City'],
    capacity: 5,
    status: OPEN,
    startsOn: '2027-01-18',
    endsOn: '2027-05-07',
  },
  {
    key: 'energy-talk',
    business: 'prairie-wind-energy',
    kind: GUEST_SPEAKER,
    title: 'Renewable Energy Careers Talk',
    description: 'A wind technician and an engineer visit the classroom with a turbine model and talk about careers in rural electric cooperatives.',
    skills: ['career awareness', 'electrical safety'],
    gradeBands: ['3-5', '6-8'],
    regions: ['Northwest', 'Northeast', 'Central'],
    capacity: 120,
    status: OPEN,
  },
  {
    key: 'dev-studio',
    business: 'gateway-software-guild',
    kind: CLIENT_PROJECT,
    title: 'Student Developer Client Studio',
    description: 'Student developers build a small web app for a local nonprofit, with weekly code reviews from guild mentors.',
    skills: ['software development', 'problem solving', 'communication', 'teamwork'],
    gradeBands: ['9-12'],
    regions: ['St. Louis', 'Central'],
    capacity: 16,
    status: OPEN,
    startsOn: '2026-09-14',
    endsOn: '2026-12-18',
  },
  {
    key: 'advisory',
    business: 'gateway-software-guild',
    kind: EXPERT_ADVISOR,
    title: 'Employability Skills Advisory for Educators',
    description: 'Guild leads meet with teacher teams to map essential employability skills onto competency rubrics.',
    skills: ['communication', 'problem solving', 'professionalism'],
    gradeBands: ['6-8', '9-12'],
    regions: ['St. Louis', 'Central', 'Kansas City'],
    capacity: 40,
    status: OPEN,
  },
  {
    key: 'grain-port',
    business: 'bootheel-agri-logistics',
    kind: SITE_VISIT,
    title: 'Grain Terminal and River Port Tour',
    description: 'Students see a harvest-season grain terminal and a Mississippi River barge loading, with a safety briefing from our operators.',
    skills: ['agribusiness', 'logistics', 'workplace safety'],
    gradeBands: ['6-8', '9-12'],
    regions: ['Southeast', 'South Central'],
    capacity: 40,
    status: OPEN,
    startsOn: '2026-09-21',
    endsOn: '2027-05-21',
  },
  {
    key: 'agri-roundtable',
    business: 'bootheel-agri-logistics',
    kind: EXPERT_ADVISOR,
    title: 'Employability Skills Roundtable',
    description: 'A spring roundtable where our supervisors tell educators which habits make first-year hires succeed.',
    skills: ['work ethic', 'professionalism'],
    gradeBands: ['9-12'],
    regions: ['Southeast'],
    capacity: 25,
    status: DRAFT,
  },
];

/** One step: the status reached, by whom (an email, or null for a business with no demo user), the side, a note. */
type Step = [PartnershipStatus, string | null, 'district' | 'business', string | null];

const SAM = 'sam.ortiz@cedar-bluff.example';
const ANA = 'ana.silva@cedar-bluff.example';
const RENEE = 'renee.cartwright@marais-valley.example';
const TOM = 'tom.becker@big-piney.example';
const JO = 'jo.ellis@riverbend.example';
const KEN = 'ken.watanabe@midamerica-health.example';

const PARTNERSHIPS: Array<{ district: string; opportunity: string; students: number; message: string; daysAgo: number; steps: Step[] }> = [
  {
    district: 'marais-valley-r7',
    opportunity: 'ed-shadow',
    students: 2,
    daysAgo: 70,
    message: 'Two seniors on our health sciences pathway are ready for a full shift.',
    steps: [
      [REQUESTED, RENEE, 'district', null],
      [ACCEPTED, KEN, 'business', 'Orientation is on the 2nd at 7 a.m.'],
      [ACTIVE, KEN, 'business', null],
      [COMPLETED, KEN, 'business', 'Both students earned their shadow certificates.'],
    ],
  },
  {
    district: 'marais-valley-r7',
    opportunity: 'sim-lab',
    students: 25,
    daysAgo: 30,
    message: 'Our anatomy classes would love a morning in the lab.',
    steps: [
      [REQUESTED, RENEE, 'district', null],
      [ACCEPTED, KEN, 'business', null],
      [ACTIVE, RENEE, 'district', 'First group visited; second group next week.'],
    ],
  },
  {
    district: 'cedar-bluff-r2',
    opportunity: 'cnc',
    students: 3,
    daysAgo: 20,
    message: 'Three juniors from our manufacturing pathway; we can provide transportation twice a week.',
    steps: [
      [REQUESTED, SAM, 'district', null],
      [ACCEPTED, JO, 'business', 'Safety glasses and steel toes required on day one.'],
    ],
  },
  {
    district: 'cedar-bluff-r2',
    opportunity: 'robot-cell',
    students: 12,
    daysAgo: 4,
    message: 'Our robotics club would take this on as its spring competency project.',
    steps: [[REQUESTED, ANA, 'district', null]],
  },
  {
    district: 'big-piney-c4',
    opportunity: 'cnc',
    students: 6,
    daysAgo: 25,
    message: 'Six students interested in machining.',
    steps: [
      [REQUESTED, TOM, 'district', null],
      [DECLINED, JO, 'business', 'Our spring cohort is nearly full; please ask again for the fall.'],
    ],
  },
  {
    district: 'big-piney-c4',
    opportunity: 'mfg-day',
    students: 40,
    daysAgo: 80,
    message: 'Our eighth grade would like to come for Manufacturing Day.',
    steps: [
      [REQUESTED, TOM, 'district', null],
      [ACCEPTED, JO, 'business', null],
      [CANCELLED, TOM, 'district', 'Our bus contract fell through; we hope to come next year.'],
    ],
  },
  {
    district: 'cedar-bluff-r2',
    opportunity: 'ops-intern',
    students: 2,
    daysAgo: 40,
    message: 'Two students who want to explore logistics careers this summer.',
    steps: [
      [REQUESTED, ANA, 'district', null],
      [ACCEPTED, null, 'business', null],
      [ACTIVE, SAM, 'district', 'Work permits are on file.'],
    ],
  },
  {
    district: 'marais-valley-r7',
    opportunity: 'lineworker',
    students: 3,
    daysAgo: 2,
    message: 'Three seniors in our trades academy.',
    steps: [[REQUESTED, RENEE, 'district', null]],
  },
  {
    district: 'big-piney-c4',
    opportunity: 'grain-port',
    students: 28,
    daysAgo: 12,
    message: 'Our agriculture classes, grades 9 and 10.',
    steps: [
      [REQUESTED, TOM, 'district', null],
      [ACCEPTED, null, 'business', 'Closed-toe shoes, please; the tour is outdoors.'],
    ],
  },
  {
    district: 'confluence-consolidated',
    opportunity: 'dev-studio',
    students: 8,
    daysAgo: 90,
    message: 'Eight students from our computer science pathway.',
    steps: [
      [REQUESTED, null, 'district', null],
      [ACCEPTED, null, 'business', null],
      [ACTIVE, null, 'business', null],
      [COMPLETED, null, 'district', 'The app launched for the food pantry in December.'],
    ],
  },
];

const INTERESTS: Record<string, string[]> = {
  'cedar-bluff-r2': ['logistics', 'robotics', 'customer service', 'teamwork'],
  'marais-valley-r7': ['patient care', 'communication', 'professionalism'],
  'big-piney-c4': ['agribusiness', 'workplace safety', 'logistics'],
  'confluence-consolidated': ['software development', 'problem solving'],
  'grand-river-r6': ['electrical safety', 'teamwork', 'work ethic'],
  'castor-river-r10': ['agribusiness', 'logistics', 'work ethic'],
};

const HOLDS_SEATS = new Set([ACCEPTED, ACTIVE, COMPLETED]);
const DAY = 86_400_000;

/** Adds the B2E demo data to the demo network. */
export function seedPartnerships(em: EntityManager, network: SeededNetwork): void {
  const now = Date.now();
  const organization = (slug: string) => {
    const found = network.organizations.get(slug);
    if (!found) throw new Error(`demo partnerships: no organization ${slug}`);
    return found;
  };
  const opportunities = new Map<string, Opportunity>();
  OPPORTUNITIES.forEach((demo, i) => {
    const createdAt = new Date(now - (120 - i * 5) * DAY);
    opportunities.set(
      demo.key,
      em.create(Opportunity, {
        business: organization(demo.business),
        kind: demo.kind,
        title: demo.title,
        description: demo.description,
        skills: demo.skills,
        gradeBands: demo.gradeBands,
        regions: demo.regions,
        capacity: demo.capacity,
        status: demo.status,
        startsOn: demo.startsOn ? new Date(`${demo.startsOn}T00:00:00Z`) : null,
        endsOn: demo.endsOn ? new Date(`${demo.endsOn}T00:00:00Z`) : null,
        openedAt: demo.status === DRAFT ? null : new Date(createdAt.getTime() + DAY),
        closedAt: demo.status === CLOSED ? new Date(now - 45 * DAY) : null,
        createdAt,
        updatedAt: createdAt,
      }),
    );
  });

  for (const demo of PARTNERSHIPS) {
    const opportunity = opportunities.get(demo.opportunity)!;
    const district = organization(demo.district);
    const requestedAt = new Date(now - demo.daysAgo * DAY);
    const status = demo.steps[demo.steps.length - 1][0];
    const partnership = em.create(Partnership, {
      opportunity,
      district,
      business: opportunity.business,
      status,
      studentCount: demo.students,
      message: demo.message,
      requestedBy: demo.steps[0][1] ? network.users.get(demo.steps[0][1]) : null,
      createdAt: requestedAt,
      updatedAt: new Date(requestedAt.getTime() + (demo.steps.length - 1) * 2 * DAY),
    });
    if (HOLDS_SEATS.has(status)) opportunity.seatsTaken += demo.students;
    demo.steps.forEach(([to, actor, side, note], i) => {
      em.create(PartnershipTransition, {
        partnership,
        fromStatus: i === 0 ? null : demo.steps[i - 1][0],
        toStatus: to,
        actor: actor ? network.users.get(actor) : null,
        actingFor: side === 'district' ? district : opportunity.business,
        note,
        at: new Date(requestedAt.getTime() + i * 2 * DAY),
      });
    });
  }

  for (const [slug, skills] of Object.entries(INTERESTS)) em.create(DistrictSkillInterests, { district: organization(slug), skills });
}
