/**
 * The programme's vocabulary: its funding mechanisms with their envelopes, ranges and default forms, the UKRI 1–6
 * assessment scale, the default review criteria, and the Researchfish / Gateway to Research outcome types. Constants
 * only, and the one function that writes the mechanisms into a new database.
 */
import type { Executor } from '../../db/connection.js';
import type { Question } from './forms.js';

const declaration: Question = {
  id: 'declaration',
  type: 'declaration',
  label: 'Declaration',
  required: true,
  statement: 'I confirm that the information given is accurate, that every member of the team has agreed to take part, and that my organisation supports this application.',
};
const team: Question = { id: 'team', type: 'team', label: 'Team', help: 'The lead applicant, co-applicants and partners, each with their organisation. Co-applicants confirm by email.', required: true, maxMembers: 10 };
const budget: Question = {
  id: 'budget',
  type: 'budget',
  label: 'Budget',
  help: 'Whole pounds by category; the total may not exceed the call’s maximum.',
  required: true,
  categories: ['Staff', 'Travel and subsistence', 'Equipment', 'Other directly incurred', 'Indirect costs'],
};
const duration = (min: number, max: number): Question => ({ id: 'duration_months', type: 'number', label: 'Duration (months)', required: true, integer: true, min, max, unit: 'months' });
const text = (id: string, label: string, wordLimit: number, help?: string): Question => ({ id, type: 'text', label, required: true, wordLimit, multiline: true, ...(help && { help }) });
const attachments: Question = { id: 'attachments', type: 'file', label: 'Supporting documents', help: 'Letters of support or CVs, as PDF or office documents (the library’s upload rules).', required: false, maxFiles: 3 };
const discipline: Question = {
  id: 'discipline_mix',
  type: 'multiple_choice',
  label: 'Disciplines the work draws on',
  required: false,
  options: ['Economics', 'Economic geography', 'Management and business studies', 'Science and technology studies', 'Engineering', 'Computer science', 'Sociology', 'Political science and policy', 'Other'],
};

export interface MechanismSeed {
  code: string;
  name: string;
  description: string;
  budgetEnvelope: number;
  awardMin: number;
  awardMax: number;
  durationMinMonths: number;
  durationMaxMonths: number;
  defaultForm: Question[];
}

/** The network's six mechanisms (five funding mechanisms, and storytelling fellowships run the same way). */
export const MECHANISMS: readonly MechanismSeed[] = [
  {
    code: 'systematic_review',
    name: 'Systematic review',
    description: 'A systematic or rapid evidence review of what is known on a question the network sets, with its protocol and search strategy, written for researchers and policymakers.',
    budgetEnvelope: 150_000,
    awardMin: 10_000,
    awardMax: 25_000,
    durationMinMonths: 3,
    durationMaxMonths: 6,
    defaultForm: [text('summary', 'Summary', 250), text('review_question', 'Review question and scope', 750), text('protocol', 'Protocol and search strategy', 1000), team, budget, duration(3, 6), attachments, declaration],
  },
  {
    code: 'small_project',
    name: 'Small research project',
    description: 'A short research project that opens a new question on knowledge dynamics, innovation and learning, with partners who will use its findings.',
    budgetEnvelope: 400_000,
    awardMin: 20_000,
    awardMax: 60_000,
    durationMinMonths: 6,
    durationMaxMonths: 12,
    defaultForm: [text('summary', 'Summary', 250), text('case_for_support', 'Case for support', 1500), text('impact', 'Impact and engagement', 500), discipline, team, budget, duration(6, 12), attachments, declaration],
  },
  {
    code: 'sandpit',
    name: 'Sandpit',
    description: 'An interactive workshop of several days: participants chosen for the mix of disciplines and places they bring form teams and write proposals that are funded at the event.',
    budgetEnvelope: 300_000,
    awardMin: 30_000,
    awardMax: 100_000,
    durationMinMonths: 6,
    durationMaxMonths: 12,
    defaultForm: [text('summary', 'Summary of the team’s proposal', 250), text('case_for_support', 'Case for support', 1500), team, budget, duration(6, 12), declaration],
  },
  {
    code: 'early_career_fellowship',
    name: 'Early-career fellowship',
    description: 'A fellowship for a researcher within eight years of their doctorate (career breaks excepted), hosted by an organisation of the network, with a mentor.',
    budgetEnvelope: 450_000,
    awardMin: 50_000,
    awardMax: 90_000,
    durationMinMonths: 9,
    durationMaxMonths: 12,
    defaultForm: [text('summary', 'Summary', 250), text('research_plan', 'Research plan', 1500), text('career_plan', 'Career development plan', 750), text('host_support', 'Host organisation and mentor', 500), team, budget, duration(9, 12), attachments, declaration],
  },
  {
    code: 'impact_acceleration',
    name: 'Impact acceleration fund',
    description: 'Support to take research findings to the people who can use them: policymakers, manufacturers, intermediaries and communities.',
    budgetEnvelope: 150_000,
    awardMin: 5_000,
    awardMax: 20_000,
    durationMinMonths: 3,
    durationMaxMonths: 6,
    defaultForm: [text('summary', 'Summary', 250), text('research_base', 'The research this accelerates', 500), text('beneficiaries', 'Partners and beneficiaries', 500), text('impact', 'Expected impact and how it will be evidenced', 750), team, budget, duration(3, 6), declaration],
  },
  {
    code: 'storytelling_fellowship',
    name: 'Storytelling fellowship',
    description: 'A fellowship to tell the story of research on innovation and places to a wider public, in writing, audio, video or exhibition.',
    budgetEnvelope: 60_000,
    awardMin: 5_000,
    awardMax: 10_000,
    durationMinMonths: 3,
    durationMaxMonths: 6,
    defaultForm: [text('summary', 'Summary', 250), text('story', 'The story you will tell', 750), text('format', 'Format and audience', 500), { ...attachments, label: 'Portfolio', help: 'Examples of your earlier work.' }, team, budget, duration(3, 6), declaration],
  },
];

/** The expression-of-interest form a call with that stage starts from. */
export const DEFAULT_EOI_FORM: Question[] = [
  text('summary', 'Summary of the idea', 300),
  text('fit', 'Fit with the call', 300),
  discipline,
  team,
  declaration,
];

/** The sandpit's expression of interest: what a participant brings, not a project. */
export const SANDPIT_EOI_FORM: Question[] = [
  text('contribution', 'What you would bring to the sandpit', 300),
  { ...discipline, required: true },
  { id: 'sector', type: 'choice', label: 'Where you work', required: true, options: ['University or research institute', 'Manufacturer', 'Technology provider', 'Policy body', 'Intermediary', 'Other'] },
  { id: 'available', type: 'declaration', label: 'Availability', required: true, statement: 'I can attend every day of the sandpit.' },
];

/** The progress report an award holder fills in, interim and final. */
export const DEFAULT_REPORT_FORM: Question[] = [
  text('progress', 'Progress against the objectives', 1000),
  text('milestones', 'Milestones met, late or changed', 500),
  { ...budget, label: 'Spend to date', help: 'Whole pounds by category.', required: false },
  text('changes', 'Changes to the plan, team or budget', 500),
  { ...text('next_steps', 'Next steps', 500), required: false },
];

/**
 * The UKRI Funding Service's six-point assessment scale, as its assessors use it: each criterion is scored 1–6 with
 * a comment. The descriptors are the hub's wording of the scale.
 */
export const SCORE_SCALE = [
  { score: 6, label: 'Exceptional', descriptor: 'Outstanding on this criterion, with no weaknesses of substance.' },
  { score: 5, label: 'Excellent', descriptor: 'Very strong, with at most minor weaknesses.' },
  { score: 4, label: 'Very good', descriptor: 'Strong, with some weaknesses that are easily addressed.' },
  { score: 3, label: 'Good', descriptor: 'Sound, but with weaknesses that would need to be addressed.' },
  { score: 2, label: 'Weak', descriptor: 'Significant weaknesses that undermine the application on this criterion.' },
  { score: 1, label: 'Poor', descriptor: 'Does not meet this criterion.' },
] as const;

/** Reviewers' confidence in their own assessment. */
export const CONFIDENCE = { 1: 'Low: outside my expertise', 2: 'Medium: close to my expertise', 3: 'High: within my expertise', 4: 'Expert: at the centre of my expertise' } as const;

/** The criteria a call's review form starts with (the Funding Service's principal criteria). */
export const DEFAULT_CRITERIA = [
  { code: 'vision', label: 'Vision', description: 'The importance of the question, its fit with the call, and what it would change.' },
  { code: 'approach', label: 'Approach', description: 'Whether the design, methods and plan can answer the question in the time.' },
  { code: 'capability', label: 'Applicant and team capability', description: 'Whether the team has the skills, experience and partners to deliver.' },
  { code: 'resources', label: 'Resources and cost justification', description: 'Whether the costs are justified and the resources fit the work.' },
] as const;

/**
 * Outcome types: Researchfish's common question set, with the outcome type Gateway to Research publishes each as (its
 * API's outcome resources: publication, collaboration, furtherFunding, dissemination, policyInfluence, researchMaterial,
 * intellectualProperty, product, spinOut). Awards and recognition and next destinations are collected by Researchfish
 * but not published by GtR (null).
 */
export const OUTCOME_TYPES = {
  publication: { label: 'Publications', gtr: 'Publication' },
  collaboration: { label: 'Collaborations and partnerships', gtr: 'Collaboration' },
  further_funding: { label: 'Further funding', gtr: 'FurtherFunding' },
  engagement: { label: 'Engagement activities', gtr: 'Dissemination' },
  policy_influence: { label: 'Influence on policy, practice, patients and the public', gtr: 'PolicyInfluence' },
  research_tool: { label: 'Research tools and methods', gtr: 'ResearchMaterial' },
  intellectual_property: { label: 'Intellectual property and licensing', gtr: 'IntellectualProperty' },
  product: { label: 'Products and interventions', gtr: 'Product' },
  spin_out: { label: 'Spin-outs', gtr: 'SpinOut' },
  award_recognition: { label: 'Awards and recognition', gtr: null },
  next_destination: { label: 'Next destinations', gtr: null },
} as const satisfies Record<string, { label: string; gtr: string | null }>;
export type OutcomeType = keyof typeof OUTCOME_TYPES;

/** Writes the mechanisms a database lacks (at every start; managers' edits to existing ones are kept). */
export async function ensureMechanisms(db: Executor): Promise<void> {
  await db
    .insertInto('programme_mechanisms')
    .values(
      MECHANISMS.map((m, i) => ({
        code: m.code,
        name: m.name,
        description: m.description,
        budget_envelope: m.budgetEnvelope,
        award_min: m.awardMin,
        award_max: m.awardMax,
        duration_min_months: m.durationMinMonths,
        duration_max_months: m.durationMaxMonths,
        default_form: JSON.stringify(m.defaultForm),
        position: i,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
