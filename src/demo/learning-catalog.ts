/** The demo catalogue: professional-learning modules from the network's colleges, regional centers and state office. */
import { Zone } from '../domain/enums';
import { Audience, DeliveryFormat } from '../modules/learning/learning.enums';
import { ADVANCED } from './learning-catalog-advanced';
import type { DemoModule } from './demo-module';

const { PRESERVICE: PRE, NEW_EDUCATOR: NEW, VETERAN_EDUCATOR: VET, SCHOOL_LEADER: LEAD } = Audience;
const { IN_PERSON, VIRTUAL, HYBRID, SELF_PACED } = DeliveryFormat;
const { SYSTEM_DESIGN: SDZ, INNOVATIVE_LEARNING_DESIGN: ILDZ, COLLABORATIVE_NETWORK: CNZ } = Zone;

const FOUNDATIONS: DemoModule[] = [
  // The shared foundation, from the state office.
  { key: 'cbl-foundations', publisher: 'show-me-learning-office', title: 'Foundations of Competency-Based Learning in Missouri',
    summary: 'Why Missouri is moving from seat time to demonstrated mastery, and what that asks of classrooms, schools and districts.',
    outline: ['From time-based to competency-based: the Success-Ready Students Network', 'The five design principles of CBL', 'What the Innovation Zones are and who belongs to them', 'Reflection: one practice to change this semester'],
    competencies: ['competency based learning', 'learner agency'], audiences: [PRE, NEW, VET, LEAD], format: SELF_PACED, hours: 3, zones: [SDZ, ILDZ, CNZ] },
  { key: 'msip6-flexibility', publisher: 'show-me-learning-office', title: 'MSIP 6 and Flexibility for Competency-Based Designs',
    summary: 'What the accreditation rules require, where a CBL design runs into them, and how districts seek a waiver.',
    outline: ['MSIP 6 standards that touch seat time and credit', 'State rule versus federal requirement', 'Evidence DESE looks for in a waiver request', 'Case study: flexible credit in an SDZ high school'],
    competencies: ['policy', 'waiver requests', 'school improvement'], audiences: [LEAD], format: VIRTUAL, hours: 2, zones: [SDZ], requires: ['cbl-foundations'] },
  { key: 'waiver-drafting', publisher: 'show-me-learning-office', title: 'Co-Drafting a Waiver Request with Partner Districts',
    summary: 'A workshop for SDZ teams writing a waiver request together: roles, evidence, timelines and review.',
    outline: ['Choosing the requirement and stating the design', 'Evidence of learning and safeguards for students', 'Working as lead district, author and reviewer', 'Submitting to DESE and answering questions'],
    competencies: ['waiver requests', 'collaboration'], audiences: [LEAD], format: HYBRID, hours: 6, zones: [SDZ], requires: ['msip6-flexibility'], draft: true },

  // Heartland RPDC: the core classroom pathway.
  { key: 'unpacking', publisher: 'heartland-rpdc', title: 'Unpacking Competencies into Learning Targets',
    summary: 'Turn a state competency into student-friendly learning targets and success criteria.',
    outline: ['Reading a competency: knowledge, skill, and transfer', 'Writing "I can" targets students understand', 'Success criteria and exemplars', 'Peer review of your targets'],
    competencies: ['learning targets', 'competency frameworks'], audiences: [NEW, VET], format: HYBRID, hours: 6, zones: [ILDZ, SDZ], requires: ['cbl-foundations'],
    nextEdition: { summary: 'Turn a state competency into student-friendly learning targets, success criteria and exemplars, with new elementary examples.' } },
  { key: 'proficiency-scales', publisher: 'heartland-rpdc', title: 'Building Proficiency Scales',
    summary: 'Describe what beginning, developing, proficient and advanced look like for one competency.',
    outline: ['Anatomy of a four-level scale', 'Calibrating scales across a grade-level team', 'Using scales with students for self-assessment'],
    competencies: ['proficiency scales', 'assessment literacy'], audiences: [NEW, VET], format: IN_PERSON, hours: 6, zones: [ILDZ, SDZ], requires: ['unpacking'] },
  { key: 'coaching-cycles', publisher: 'heartland-rpdc', title: 'Instructional Coaching Cycles for CBL Classrooms',
    summary: 'Coaches plan, model and debrief with teachers moving to mastery-based instruction.',
    outline: ['Goal setting with student evidence', 'Modeling flexible grouping', 'Debriefing with data, not judgment'],
    competencies: ['instructional coaching', 'data informed instruction'], audiences: [VET, LEAD], format: IN_PERSON, hours: 9, zones: [ILDZ], requires: ['proficiency-scales'] },
  { key: 'flexible-pacing', publisher: 'heartland-rpdc', title: 'Flexible Pacing Without Leaving Students Behind',
    summary: 'Classroom structures that let students move on at mastery while the teacher keeps every learner in view.',
    outline: ['Playlists, workshops and must-do/may-do boards', 'Tracking progress on a class mastery board', 'When students are stuck: structured re-teaching'],
    competencies: ['flexible pacing', 'classroom management'], audiences: [NEW, VET], format: HYBRID, hours: 4, zones: [ILDZ], requires: ['unpacking'], draft: true },

  // Gateway Metropolitan University: assessment and leadership.
  { key: 'assessment-for-learning', publisher: 'gateway-metropolitan-university', title: 'Assessment for Learning',
    summary: 'Formative assessment practices that tell students and teachers where learning stands and what comes next.',
    outline: ['Eliciting evidence: hinge questions and exit tickets', 'Feedback that moves learning forward', 'Students as owners of their learning'],
    competencies: ['assessment literacy', 'feedback'], audiences: [NEW, VET], format: VIRTUAL, hours: 8, zones: [SDZ, ILDZ], requires: ['proficiency-scales'] },
  { key: 'performance-assessment', publisher: 'gateway-metropolitan-university', title: 'Designing Performance Assessments',
    summary: 'Write performance tasks with authentic audiences, scored with the proficiency scales your team already uses.',
    outline: ['From task to transfer: what makes an assessment authentic', 'Scoring guides aligned to scales', 'Validity, reliability and bias review'],
    competencies: ['performance assessment', 'assessment literacy'], audiences: [VET], format: VIRTUAL, hours: 10, zones: [SDZ], requires: ['assessment-for-learning'],
    nextEdition: { title: 'Designing and Moderating Performance Assessments', outline: ['From task to transfer: what makes an assessment authentic', 'Scoring guides aligned to scales', 'Moderation sessions across schools', 'Validity, reliability and bias review'] } },
  { key: 'grading-for-mastery', publisher: 'gateway-metropolitan-university', title: 'Grading and Reporting for Mastery',
    summary: 'Separate academic evidence from behaviors, report progress on competencies, and explain it to families.',
    outline: ['Why averages mislead', 'Standards-based gradebooks', 'Report cards and mastery transcripts'],
    competencies: ['grading', 'reporting', 'family communication'], audiences: [VET, LEAD], format: HYBRID, hours: 6, zones: [SDZ, ILDZ], requires: ['assessment-for-learning'] },
  { key: 'leading-the-shift', publisher: 'gateway-metropolitan-university', title: 'Leading the Shift to Competency-Based Learning',
    summary: 'For principals and district leaders: vision, change management and the first three years of a CBL transition.',
    outline: ['Building a portrait of a graduate with the community', 'Sequencing the change: pilot, expand, sustain', 'Supporting teachers through the implementation dip'],
    competencies: ['change leadership', 'competency based learning'], audiences: [LEAD], format: HYBRID, hours: 12, zones: [SDZ, ILDZ], requires: ['cbl-foundations'] },

  // Osage River State University: preservice.
  { key: 'cbl-for-candidates', publisher: 'osage-river-state-university', title: 'CBL for Teacher Candidates',
    summary: 'An introduction for education majors: what a competency-based classroom looks like from the first day.',
    outline: ['Observing a CBL classroom with a purpose', 'Mastery, not minutes: reading a learner profile', 'Your first unpacked competency'],
    competencies: ['competency based learning', 'learning targets'], audiences: [PRE], format: SELF_PACED, hours: 4, zones: [CNZ], requires: ['cbl-foundations'] },
  { key: 'student-teaching-cbl', publisher: 'osage-river-state-university', title: 'Student Teaching in a Competency-Based Classroom',
    summary: 'Seminar companion for student teachers placed in SDZ and ILDZ districts.',
    outline: ['Co-planning with your cooperating teacher', 'Collecting evidence of student mastery', 'Reflective journal prompts for each week'],
    competencies: ['reflective practice', 'assessment literacy'], audiences: [PRE], format: HYBRID, hours: 15, zones: [SDZ, ILDZ], requires: ['cbl-for-candidates'] },
  { key: 'learner-profiles', publisher: 'osage-river-state-university', title: 'Learner Profiles and Personalized Pathways',
    summary: 'Use learner profiles to plan personalized pathways that still meet grade-level competencies.',
    outline: ['What goes into a learner profile', 'Student-led goal setting', 'Pathways that converge on shared competencies'],
    competencies: ['personalized learning', 'learner agency'], audiences: [PRE, NEW], format: VIRTUAL, hours: 5, zones: [ILDZ], requires: ['cbl-for-candidates'] },
  { key: 'candidate-portfolio', publisher: 'osage-river-state-university', title: 'Building a Competency Portfolio as a Teacher Candidate',
    summary: 'Candidates document their own mastery of teaching competencies with artifacts and reflections.',
    outline: ['Choosing artifacts that show mastery', 'Writing reflections that name the competency', 'Presenting your portfolio to a panel'],
    competencies: ['reflective practice', 'portfolio assessment'], audiences: [PRE], format: SELF_PACED, hours: 3, zones: [CNZ], draft: true },

];

/** Every demo module, in pathway order (each after its prerequisites). */
export const MODULES: DemoModule[] = [...FOUNDATIONS, ...ADVANCED];
