/** The demo catalogue, second half: micro-credentials, redesign, leadership and real-world learning modules. */
import { Zone } from '../domain/enums';
import { Audience, DeliveryFormat } from '../modules/learning/learning.enums';
import type { DemoModule } from './demo-module';

const { PRESERVICE: PRE, NEW_EDUCATOR: NEW, VETERAN_EDUCATOR: VET, SCHOOL_LEADER: LEAD } = Audience;
const { IN_PERSON, VIRTUAL, HYBRID, SELF_PACED } = DeliveryFormat;
const { SYSTEM_DESIGN: SDZ, INNOVATIVE_LEARNING_DESIGN: ILDZ, COLLABORATIVE_NETWORK: CNZ } = Zone;

export const ADVANCED: DemoModule[] = [
  // Prairie Bluff University: micro-credentials for veterans.
  { key: 'micro-credential-feedback', publisher: 'prairie-bluff-university', title: 'Micro-credential: Feedback That Moves Learning',
    summary: 'Earn a micro-credential by submitting classroom evidence of feedback cycles with students.',
    outline: ['Research on effective feedback', 'Evidence requirements for the credential', 'Submitting and revising your evidence'],
    competencies: ['feedback', 'micro credentials'], audiences: [VET], format: SELF_PACED, hours: 10, zones: [ILDZ, SDZ], requires: ['assessment-for-learning'] },
  { key: 'micro-credential-agency', publisher: 'prairie-bluff-university', title: 'Micro-credential: Cultivating Learner Agency',
    summary: 'Document how students set goals, choose pathways and reflect on their own progress in your classroom.',
    outline: ['Agency look-fors', 'Student goal conferences', 'Evidence collection and submission'],
    competencies: ['learner agency', 'micro credentials'], audiences: [VET], format: SELF_PACED, hours: 10, zones: [ILDZ], requires: ['learner-profiles'] },
  { key: 'veteran-redesign', publisher: 'prairie-bluff-university', title: 'Redesigning a Unit You Have Taught for Years',
    summary: 'Experienced teachers rebuild one favorite unit around competencies, performance tasks and flexible pacing.',
    outline: ['Auditing the unit against competencies', 'Keeping what works', 'Adding voice and choice'],
    competencies: ['curriculum design', 'competency based learning'], audiences: [VET], format: HYBRID, hours: 8, zones: [ILDZ], requires: ['unpacking'],
    nextEdition: { summary: 'Experienced teachers rebuild one favorite unit around competencies, performance tasks, flexible pacing and a real-world audience.' } },

  // Ozark Highlands College: real-world learning.
  { key: 'client-projects', publisher: 'ozark-highlands-college', title: 'Designing Client Projects with Local Employers',
    summary: 'Plan a real-world client project with a business partner, from first call to public presentation.',
    outline: ['Finding the right problem with a B2E partner', 'Scoping for the classroom calendar', 'Assessing project competencies'],
    competencies: ['real world learning', 'project based learning'], audiences: [NEW, VET], format: IN_PERSON, hours: 6, zones: [SDZ, ILDZ, CNZ], requires: ['cbl-foundations'] },
  { key: 'employability-skills', publisher: 'ozark-highlands-college', title: 'Essential Employability Skills in Every Classroom',
    summary: 'What business leaders in the network ask for, and how to teach and assess it alongside content.',
    outline: ['The skills employers name most', 'Embedding them in existing units', 'Rubrics co-written with business advisors'],
    competencies: ['employability skills', 'real world learning'], audiences: [PRE, NEW, VET], format: VIRTUAL, hours: 4, zones: [CNZ, ILDZ] },
  { key: 'work-based-learning', publisher: 'ozark-highlands-college', title: 'Internships and Job Shadows as Credit-Bearing Learning',
    summary: 'Award competency credit for work-based learning with clear evidence and employer feedback.',
    outline: ['Mapping workplace tasks to competencies', 'Employer evaluations that count', 'Safety, supervision and equity of access'],
    competencies: ['work based learning', 'real world learning'], audiences: [VET, LEAD], format: HYBRID, hours: 5, zones: [SDZ], requires: ['client-projects', 'employability-skills'] },

  // Bootheel College of Education: rural practice.
  { key: 'rural-cbl', publisher: 'bootheel-college-of-education', title: 'Competency-Based Learning in Small Rural Schools',
    summary: 'Multi-grade classrooms, shared staff and long bus routes: CBL designs that fit rural Missouri.',
    outline: ['Multi-age grouping by competency', 'Sharing teachers across buildings', 'Community partners as learning sites'],
    competencies: ['rural education', 'competency based learning'], audiences: [NEW, VET, LEAD], format: VIRTUAL, hours: 4, zones: [ILDZ, SDZ], requires: ['cbl-foundations'] },
  { key: 'first-year-survival', publisher: 'bootheel-college-of-education', title: 'Your First Year in a CBL District',
    summary: 'Practical routines for new teachers: planning, tracking mastery and asking for help.',
    outline: ['Week one routines', 'A simple mastery tracker', 'Working with your mentor'],
    competencies: ['classroom management', 'learning targets'], audiences: [NEW], format: SELF_PACED, hours: 3, zones: [ILDZ], requires: ['cbl-foundations'] },
  { key: 'agri-real-world', publisher: 'bootheel-college-of-education', title: 'Agriculture as a Real-World Learning Lab',
    summary: 'Use farms, grain elevators and river freight as contexts for science, math and career competencies.',
    outline: ['Site visits with purpose', 'Data projects from the field', 'Career pathways in agribusiness'],
    competencies: ['real world learning', 'career pathways'], audiences: [VET], format: IN_PERSON, hours: 6, zones: [ILDZ], requires: ['client-projects'], draft: true },

  // Kaw Valley Education Cooperative.
  { key: 'mastery-transcripts', publisher: 'kaw-valley-cooperative', title: 'Mastery Transcripts and College Admissions',
    summary: 'How Kansas City area districts report mastery to colleges and what admissions offices have said.',
    outline: ['Transcript formats in use', 'Conversations with admissions offices', 'Communicating with students and families'],
    competencies: ['reporting', 'family communication'], audiences: [LEAD], format: VIRTUAL, hours: 2, zones: [SDZ], requires: ['grading-for-mastery'] },
  { key: 'peer-observation', publisher: 'kaw-valley-cooperative', title: 'Peer Observation Rounds Across Districts',
    summary: 'Visit CBL classrooms in neighboring districts with a shared protocol and debrief what you saw.',
    outline: ['The observation protocol', 'Norms for visiting classrooms', 'Bringing one practice home'],
    competencies: ['collaboration', 'reflective practice'], audiences: [NEW, VET], format: IN_PERSON, hours: 6, zones: [SDZ, ILDZ] },
  { key: 'family-communication', publisher: 'kaw-valley-cooperative', title: 'Explaining CBL to Families',
    summary: 'Messages, events and report-card guides that help families understand mastery-based learning.',
    outline: ['What families worry about', 'Plain-language report card guides', 'Hosting a learning showcase'],
    competencies: ['family communication'], audiences: [NEW, VET, LEAD], format: VIRTUAL, hours: 2, zones: [SDZ, ILDZ] },

  // Northeast Missouri Learning Collaborative.
  { key: 'flexible-scheduling', publisher: 'northeast-learning-collaborative', title: 'Master Scheduling for Flexible Learning Time',
    summary: 'Build a master schedule with flex blocks for intervention, extension and real-world learning.',
    outline: ['Flex block models from small districts', 'Staffing and supervision', 'Measuring whether flex time works'],
    competencies: ['scheduling', 'school design'], audiences: [LEAD], format: HYBRID, hours: 5, zones: [ILDZ], requires: ['leading-the-shift'] },
  { key: 'plc-cbl', publisher: 'northeast-learning-collaborative', title: 'Professional Learning Communities around Student Evidence',
    summary: 'Grade-level and content teams look at student work against proficiency scales and plan next steps.',
    outline: ['Protocols for looking at student work', 'From evidence to re-teaching plans', 'Sustaining the PLC over a year'],
    competencies: ['collaboration', 'data informed instruction'], audiences: [NEW, VET], format: VIRTUAL, hours: 6, zones: [ILDZ], requires: ['proficiency-scales'] },

  // South Central Educators' Alliance.
  { key: 'assessment-literacy-ozarks', publisher: 'south-central-educators-alliance', title: 'Assessment Literacy Bootcamp',
    summary: 'Three evenings on sound assessment design for Ozarks teachers new to competency-based grading.',
    outline: ['Clear purposes, clear targets', 'Sound design: item types and sampling', 'Communicating results'],
    competencies: ['assessment literacy'], audiences: [NEW], format: VIRTUAL, hours: 6, zones: [ILDZ], requires: ['unpacking'] },
  { key: 'mentoring-new-teachers', publisher: 'south-central-educators-alliance', title: 'Mentoring New Teachers in a CBL School',
    summary: 'For veteran teachers who mentor: model mastery tracking, co-plan and give feedback a new colleague can use.',
    outline: ['The mentor role in a CBL school', 'Co-planning conversations', 'Observation and feedback cycles'],
    competencies: ['mentoring', 'instructional coaching'], audiences: [VET], format: HYBRID, hours: 6, zones: [ILDZ, SDZ], requires: ['coaching-cycles'] },
  { key: 'student-led-conferences', publisher: 'south-central-educators-alliance', title: 'Student-Led Conferences',
    summary: 'Students present their evidence of mastery to families: preparation, scripts and follow-up.',
    outline: ['Preparing students to lead', 'Portfolios and evidence', 'Follow-up goals with families'],
    competencies: ['learner agency', 'family communication'], audiences: [NEW, VET], format: IN_PERSON, hours: 3, zones: [ILDZ], requires: ['learner-profiles'] },
];
