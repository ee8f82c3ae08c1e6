/**
 * The commissioned research programme's contract: what its routes take (mechanisms, calls, forms, applications,
 * screening, reviewers, relations, conflicts, assignments, reviews, panel notes, decisions, letters, awards, reports,
 * outcomes, sandpit teams) and answer, as zod schemas shared by the services, the routes (and so the OpenAPI document)
 * and the web app's types. The vocabulary (mechanisms, the 1–6 scale, outcome types) is in mechanisms.ts; the form
 * model (question types, answers and their check) in forms.ts.
 */
import { z } from 'zod';
import { LondonTime, londonDateTime } from '../platform/london-time.js';
import { TEXT_LIMITS, TermView } from '../platform/model.js';
import { displayName, email, facetValues, orcid, regionCode } from '../platform/validate.js';
import { FormQuestions, Question, TEAM_ROLES, type TeamRole } from './forms.js';

const uuid = z.uuid({ message: 'is not an id' });
const codes = z.array(z.string().trim().min(1).max(80)).max(30);
const pounds = z.number().int('must be whole pounds').min(0).max(100_000_000);
const reason = z.string().trim().max(TEXT_LIMITS.reason);

export const STAGES = { eoi: 'Expression of interest', full: 'Full application' } as const;
export type Stage = keyof typeof STAGES;
export const CALL_STAGES = { full: 'Full application only', eoi_full: 'Expression of interest, then full application by invitation' } as const;
export type CallStages = keyof typeof CALL_STAGES;
export const DECISIONS = { fund: 'Fund', reject: 'Reject', reserve: 'Reserve list' } as const;
export type Decision = keyof typeof DECISIONS;
export const RELATION_KINDS = { personal: 'Personal relationship', supervisory: 'Supervisor or supervisee', collaboration: 'Recent collaborator', employment: 'Employer or employee', other: 'Other' } as const;
export type RelationKind = keyof typeof RELATION_KINDS;
export const CONFLICT_SOURCES = {
  declared: 'Declared by the reviewer',
  organisation: 'Same organisation',
  coauthorship: 'Co-authorship or co-investigation',
  relation: 'Stated relation',
  manager: 'Recorded by a programme manager',
  applicant: 'The reviewer is on the team',
} as const;
export type ConflictSource = keyof typeof CONFLICT_SOURCES;

// requests

export const Eligibility = z
  .object({
    careerStages: codes.default([]),
    organisationTypes: codes.default([]),
    regions: z.array(regionCode.pipe(z.string().min(1))).max(60).default([]),
    membersOnly: z.boolean().default(true),
    notes: z.string().trim().max(2000).default(''),
  })
  .strict();
export type Eligibility = z.output<typeof Eligibility>;
/** Eligibility as answered: the same fields, without the input's region-code transform (which cannot be encoded). */
export const EligibilityView = z.object({ careerStages: z.array(z.string()), organisationTypes: z.array(z.string()), regions: z.array(z.string()), membersOnly: z.boolean(), notes: z.string() });

export const Criterion = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits or underscores'), label: z.string().trim().min(1).max(120), description: z.string().trim().max(1000).default('') }).strict();

export const ReviewSettings = z
  .object({
    criteria: z.array(Criterion).min(1).max(12).optional(),
    reviewersPerApplication: z.number().int().min(1).max(10).default(3),
    maxLoad: z.number().int().min(1).max(100).default(6),
    requireOutsideDiscipline: z.boolean().default(false),
    conflictYears: z.number().int().min(0).max(20).default(3),
    anonymousToApplicants: z.boolean().default(true),
    reviewDeadline: londonDateTime.nullable().optional(),
    /** Scores whose spread (max − min) reaches this flag the application for discussion. */
    disagreement: z.number().int().min(1).max(5).default(3),
    /** The records data sets (slugs) conflicts are also looked for in, besides the network's own; absent: every records data set members see. */
    conflictDatasets: z.array(z.string().trim().min(1).max(100)).max(20).nullable().optional(),
  })
  .strict();

export const CallInput = z
  .object({
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be 2–80 lower-case letters, digits or hyphens').optional(),
    mechanism: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.title),
    summary: z.string().trim().max(TEXT_LIMITS.summary).default(''),
    body: z.string().max(TEXT_LIMITS.body).default(''),
    themes: codes.default([]),
    technologies: codes.default([]),
    sectors: codes.default([]),
    opensAt: londonDateTime,
    closesAt: londonDateTime,
    eoiClosesAt: londonDateTime.nullable().optional(),
    stages: z.enum(Object.keys(CALL_STAGES) as [CallStages, ...CallStages[]]).default('full'),
    eligibility: Eligibility.default({ careerStages: [], organisationTypes: [], regions: [], membersOnly: true, notes: '' }),
    maxAmount: pounds,
    totalBudget: pounds,
    review: ReviewSettings.default({ reviewersPerApplication: 3, maxLoad: 6, requireOutsideDiscipline: false, conflictYears: 3, anonymousToApplicants: true, disagreement: 3 }),
    published: z.boolean().default(false),
  })
  .strict();
export type CallInput = z.output<typeof CallInput>;
export const CallPatch = CallInput.partial().extend({ version: z.number().int().min(1) }).strict();

export const CallQuery = z
  .object({
    status: z.enum(['open', 'upcoming', 'closed', 'all']).default('all'),
    mechanism: facetValues,
    theme: facetValues,
    technology: facetValues,
    sector: facetValues,
    q: z.string().trim().max(TEXT_LIMITS.query).optional(),
  })
  .strict();
export type CallQuery = z.input<typeof CallQuery>;

export const FormInput = z.object({ questions: FormQuestions }).strict();

export const MechanismPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(TEXT_LIMITS.description),
    budgetEnvelope: pounds,
    awardMin: pounds,
    awardMax: pounds,
    durationMinMonths: z.number().int().min(0).max(120),
    durationMaxMonths: z.number().int().min(0).max(120),
    defaultForm: FormQuestions,
  })
  .partial()
  .strict();

export const ApplicationStart = z.object({ stage: z.enum(['eoi', 'full']).optional(), title: z.string().trim().max(TEXT_LIMITS.title).default('') }).strict();

/** A draft's edit: the answers it names change; `version` is the draft the editor last saw (optimistic concurrency). */
export const ApplicationSave = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().max(TEXT_LIMITS.title).optional(),
    answers: z.record(z.string().max(40), z.unknown()).optional(),
  })
  .strict();

export const ScreeningInput = z.object({ decision: z.enum(['eligible', 'ineligible']), reason: reason.default('') }).strict();
export const ExtensionInput = z.object({ until: londonDateTime, reason: reason.min(1, 'is required: why the extension is granted') }).strict();
export const EoiOutcomeInput = z.object({ outcome: z.enum(['invite', 'not_invited']), reason: reason.default('') }).strict();

export const ReviewerInput = z
  .object({
    expertise: z.string().trim().max(TEXT_LIMITS.bio).default(''),
    capacity: z.number().int().min(0).max(100).default(6),
    disciplines: codes.default([]),
    themes: codes.default([]),
    technologies: codes.default([]),
    sectors: codes.default([]),
    active: z.boolean().default(true),
  })
  .strict();
export const ReviewerPatch = ReviewerInput.partial().strict();
export const ExternalReviewerInvite = z.object({ email, name: displayName(TEXT_LIMITS.personName), organisation: z.string().trim().max(TEXT_LIMITS.organisationName).default(''), expertise: z.string().trim().max(TEXT_LIMITS.bio).default(''), capacity: z.number().int().min(0).max(100).default(6) }).strict();

export const RelationInput = z
  .object({
    kind: z.enum(Object.keys(RELATION_KINDS) as [RelationKind, ...RelationKind[]]),
    profileId: uuid.nullable().optional(),
    name: displayName(TEXT_LIMITS.personName).nullable().optional(),
    orcid: orcid.nullable().optional(),
    email: email.nullable().optional(),
    note: z.string().trim().max(1000).default(''),
  })
  .strict()
  .refine((r) => r.profileId || r.name || r.orcid || r.email, { message: 'name the person: a member, a name, an ORCID iD or an email address', path: ['name'] });

export const ConflictInput = z.object({ reviewerId: uuid, reason: reason.min(1, 'is required') }).strict();
export const DeclareConflict = z.object({ reason: reason.min(1, 'is required: what the conflict is') }).strict();

export const AssignmentRun = z
  .object({
    reviewersPerApplication: z.number().int().min(1).max(10).optional(),
    maxLoad: z.number().int().min(1).max(100).optional(),
    requireOutsideDiscipline: z.boolean().optional(),
    /** Propose only (nothing is written), or invite the reviewers it chooses. */
    apply: z.boolean().default(false),
  })
  .strict();
export const ManualAssignment = z.object({ applicationId: uuid, reviewerId: uuid }).strict();
export const AssignmentResponse = z.object({ accept: z.boolean(), reason: reason.default('') }).strict();

// answers

export const MechanismView = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  budgetEnvelope: z.number().int(),
  awardMin: z.number().int(),
  awardMax: z.number().int(),
  durationMinMonths: z.number().int(),
  durationMaxMonths: z.number().int(),
  defaultForm: z.array(Question),
  /** Awarded so far, and how many awards. */
  committed: z.number().int(),
  awards: z.number().int(),
});
export type MechanismView = z.infer<typeof MechanismView>;

export const CallStatus = z.enum(['draft', 'upcoming', 'open', 'closed']);
export type CallStatus = z.infer<typeof CallStatus>;

export const CallCard = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  mechanism: TermView,
  status: CallStatus,
  opensAt: LondonTime,
  closesAt: LondonTime,
  eoiClosesAt: LondonTime.nullable(),
  stages: z.enum(Object.keys(CALL_STAGES) as [CallStages, ...CallStages[]]),
  maxAmount: z.number().int(),
  totalBudget: z.number().int(),
  themes: z.array(TermView),
  isExample: z.boolean(),
});
export type CallCard = z.infer<typeof CallCard>;

export const CallView = CallCard.extend({
  body: z.string(),
  bodyHtml: z.string(),
  technologies: z.array(TermView),
  sectors: z.array(TermView),
  eligibility: EligibilityView,
  eligibilityText: z.array(z.string()),
  review: z.object({
    criteria: z.array(z.object({ code: z.string(), label: z.string(), description: z.string() })),
    reviewersPerApplication: z.number().int(),
    maxLoad: z.number().int(),
    requireOutsideDiscipline: z.boolean(),
    conflictYears: z.number().int(),
    anonymousToApplicants: z.boolean(),
    reviewDeadline: LondonTime.nullable(),
    disagreement: z.number().int(),
    conflictDatasets: z.array(z.string()).nullable(),
  }),
  version: z.number().int(),
  /** The stage a member applies to now, if any. */
  applying: z.enum(['eoi', 'full']).nullable(),
  /** The viewer's own live application, if any. */
  myApplication: z.object({ id: z.string(), stage: z.enum(['eoi', 'full']), status: z.string() }).nullable(),
  can: z.object({ apply: z.boolean(), manage: z.boolean() }),
});
export type CallView = z.infer<typeof CallView>;

export const FormView = z.object({ stage: z.enum(['eoi', 'full', 'report']), version: z.number().int(), questions: z.array(Question), answered: z.boolean() });
export type FormView = z.infer<typeof FormView>;

export const TeamMemberView = z.object({
  position: z.number().int(),
  role: z.enum(Object.keys(TEAM_ROLES) as [TeamRole, ...TeamRole[]]),
  name: z.string(),
  profileId: z.string().nullable(),
  orcid: z.string().nullable(),
  organisation: z.string(),
  confirmation: z.enum(['confirmed', 'pending', 'invited', 'declined']),
});

export const ApplicationFileView = z.object({ id: z.string(), questionId: z.string(), filename: z.string(), mediaType: z.string(), size: z.number().int(), url: z.string() });
export type ApplicationFileView = z.infer<typeof ApplicationFileView>;

/** What stands between a draft and its submission (empty when it can be submitted). */
export const SubmissionCheck = z.object({ ready: z.boolean(), issues: z.array(z.object({ field: z.string(), message: z.string() })), closesAt: LondonTime, late: z.boolean() });
export type SubmissionCheck = z.infer<typeof SubmissionCheck>;

export const ApplicationCard = z.object({
  id: z.string(),
  reference: z.string().nullable(),
  call: z.object({ id: z.string(), slug: z.string(), title: z.string(), mechanism: z.string() }),
  stage: z.enum(['eoi', 'full']),
  title: z.string(),
  lead: z.string(),
  status: z.enum(['draft', 'submitted', 'withdrawn']),
  screening: z.enum(['eligible', 'ineligible']).nullable(),
  decision: z.enum(['fund', 'reject', 'reserve']).nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  isExample: z.boolean(),
});
export type ApplicationCard = z.infer<typeof ApplicationCard>;

export const ApplicationView = ApplicationCard.extend({
  formVersion: z.number().int(),
  questions: z.array(Question),
  answers: z.record(z.string(), z.unknown()),
  team: z.array(TeamMemberView),
  files: z.array(ApplicationFileView),
  screeningReason: z.string().nullable(),
  eoiOutcome: z.enum(['invite', 'not_invited']).nullable(),
  decisionReason: z.string().nullable(),
  extendedUntil: LondonTime.nullable(),
  extensionReason: z.string().nullable(),
  closesAt: LondonTime,
  maxAmount: z.number().int(),
  version: z.number().int(),
  /** Reviews shown to the applicant once the call has decided: applicant-facing comments only. */
  feedback: z.array(z.object({ reviewer: z.string(), scores: z.record(z.string(), z.number()), comments: z.string() })),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), withdraw: z.boolean(), manage: z.boolean() }),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const ReviewerView = z.object({
  userId: z.string(),
  profileId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  organisation: z.string().nullable(),
  expertise: z.string(),
  capacity: z.number().int(),
  external: z.boolean(),
  active: z.boolean(),
  disciplines: z.array(TermView),
  themes: z.array(TermView),
  technologies: z.array(TermView),
  sectors: z.array(TermView),
  /** Open assignments (invited or accepted) and reviews done. */
  load: z.number().int(),
  done: z.number().int(),
});
export type ReviewerView = z.infer<typeof ReviewerView>;

export const RelationView = z.object({ id: z.string(), kind: z.enum(Object.keys(RELATION_KINDS) as [RelationKind, ...RelationKind[]]), person: z.string(), profileId: z.string().nullable(), orcid: z.string().nullable(), note: z.string() });

export const ConflictView = z.object({
  applicationId: z.string(),
  reviewerId: z.string(),
  reviewer: z.string(),
  source: z.enum(Object.keys(CONFLICT_SOURCES) as [ConflictSource, ...ConflictSource[]]),
  sourceLabel: z.string(),
  reason: z.string(),
  /** Whether the conflict is stored (declared, recorded, or found when the assignment ran) or only found now. */
  recorded: z.boolean(),
});
export type ConflictView = z.infer<typeof ConflictView>;

export const PairReason = z.object({ kind: z.enum(['text', 'disciplines', 'themes', 'outside', 'manual', 'keywords']), text: z.string() });
export const ProposedPair = z.object({
  applicationId: z.string(),
  application: z.string(),
  reviewerId: z.string(),
  reviewer: z.string(),
  score: z.number(),
  textSimilarity: z.number(),
  cognitiveProximity: z.number(),
  outside: z.boolean(),
  kept: z.boolean(),
  reasons: z.array(PairReason),
});
export const AssignmentProposal = z.object({
  pairs: z.array(ProposedPair),
  applications: z.number().int(),
  reviewers: z.number().int(),
  reviewersPerApplication: z.number().int(),
  maxLoad: z.number().int(),
  totalScore: z.number(),
  conflictsExcluded: z.number().int(),
  notices: z.array(z.string()),
  applied: z.boolean(),
});
export type AssignmentProposal = z.infer<typeof AssignmentProposal>;

export const AssignmentView = z.object({
  id: z.string(),
  applicationId: z.string(),
  application: z.string(),
  reference: z.string().nullable(),
  callTitle: z.string(),
  reviewerId: z.string(),
  reviewer: z.string(),
  status: z.enum(['invited', 'accepted', 'declined', 'submitted', 'revoked']),
  score: z.number().nullable(),
  reasons: z.array(PairReason),
  source: z.enum(['solver', 'manual']),
  dueAt: LondonTime.nullable(),
  declineReason: z.string().nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const CallOverview = z.object({
  call: CallCard,
  counts: z.object({ drafts: z.number().int(), submitted: z.number().int(), withdrawn: z.number().int(), eligible: z.number().int(), ineligible: z.number().int(), unscreened: z.number().int(), reviewsDue: z.number().int(), reviewsDone: z.number().int(), funded: z.number().int() }),
  applications: z.array(ApplicationCard),
});
export type CallOverview = z.infer<typeof CallOverview>;


// review, panel, decisions

export const ReviewSave = z
  .object({
    version: z.number().int().min(1),
    scores: z.record(z.string().max(40), z.number().int('must be a whole score').min(1, 'must be 1–6').max(6, 'must be 1–6')).optional(),
    commentsApplicant: z.string().max(TEXT_LIMITS.body).optional(),
    commentsPanel: z.string().max(TEXT_LIMITS.body).optional(),
    confidence: z.number().int().min(1).max(4).nullable().optional(),
    submit: z.boolean().default(false),
  })
  .strict();

export const ReviewForm = z.object({
  assignmentId: z.string(),
  application: z.object({ id: z.string(), reference: z.string().nullable(), title: z.string(), callTitle: z.string() }),
  criteria: z.array(z.object({ code: z.string(), label: z.string(), description: z.string() })),
  scale: z.array(z.object({ score: z.number().int(), label: z.string(), descriptor: z.string() })),
  confidenceLevels: z.array(z.object({ level: z.number().int(), label: z.string() })),
  scores: z.record(z.string(), z.number()),
  commentsApplicant: z.string(),
  commentsPanel: z.string(),
  confidence: z.number().int().nullable(),
  status: z.enum(['draft', 'submitted']),
  assignmentStatus: z.enum(['invited', 'accepted', 'declined', 'submitted', 'revoked']),
  dueAt: LondonTime.nullable(),
  version: z.number().int(),
  anonymousToApplicants: z.boolean(),
});
export type ReviewForm = z.infer<typeof ReviewForm>;

export const PanelQuery = z.object({ order: z.string().max(40_000).optional() }).strict();
export const PanelNoteInput = z.object({ note: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.reason) }).strict();

export const PanelRow = z.object({
  applicationId: z.string(),
  reference: z.string().nullable(),
  title: z.string(),
  lead: z.string(),
  requested: z.number().int(),
  reviews: z.number().int(),
  reviewsDue: z.number().int(),
  mean: z.number().nullable(),
  /** The highest reviewer's mean less the lowest's. */
  spread: z.number().nullable(),
  criteria: z.array(z.object({ code: z.string(), mean: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() })),
  meanConfidence: z.number().nullable(),
  disagreement: z.array(z.string()),
  rank: z.number().int(),
  cumulative: z.number().int(),
  /** Within the call's budget, counting down the order. */
  aboveLine: z.boolean(),
  decision: z.enum(['fund', 'reject', 'reserve']).nullable(),
  decisionReason: z.string().nullable(),
  letterSent: z.boolean(),
  notes: z.array(z.object({ author: z.string(), note: z.string(), at: z.string() })),
});
export type PanelRow = z.infer<typeof PanelRow>;

export const PanelView = z.object({
  call: z.object({ id: z.string(), slug: z.string(), title: z.string(), totalBudget: z.number().int(), maxAmount: z.number().int() }),
  criteria: z.array(z.object({ code: z.string(), label: z.string() })),
  rows: z.array(PanelRow),
  /** How much the rows above the line ask for, and what is left of the budget. */
  withinBudget: z.number().int(),
  remaining: z.number().int(),
  whatIf: z.boolean(),
  disagreementThreshold: z.number().int(),
  notices: z.array(z.string()),
});
export type PanelView = z.infer<typeof PanelView>;

export const DecisionInput = z
  .object({
    decision: z.enum(Object.keys(DECISIONS) as [Decision, ...Decision[]]),
    reason: z.string().trim().max(TEXT_LIMITS.reason).default(''),
    /** For a fund decision: the amount awarded (default: the budget asked for). */
    amount: pounds.optional(),
  })
  .strict();

export const LetterInput = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) }).strict();
export const LetterView = z.object({ outcome: z.enum(['fund', 'reject', 'reserve', 'invite', 'not_invited']), subject: z.string(), body: z.string() });
export const LetterPreview = z.object({ to: z.string(), subject: z.string(), text: z.string() });

// awards, reports, outcomes

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');
export const OUTCOME_KEYS = ['publication', 'collaboration', 'further_funding', 'engagement', 'policy_influence', 'research_tool', 'intellectual_property', 'product', 'spin_out', 'award_recognition', 'next_destination'] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

export const AwardPatch = z
  .object({
    title: z.string().trim().min(1).max(TEXT_LIMITS.title),
    amount: pounds,
    startDate: isoDay,
    endDate: isoDay,
    status: z.enum(['active', 'completed', 'terminated']),
    budgetLines: z.array(z.object({ category: z.string().trim().min(1).max(100), amount: pounds }).strict()).max(30),
    milestones: z.array(z.object({ title: z.string().trim().min(1).max(300), dueOn: isoDay, doneOn: isoDay.nullable().optional() }).strict()).max(50),
    reports: z.array(z.object({ kind: z.enum(['interim', 'final']), dueOn: isoDay }).strict()).max(20),
  })
  .partial()
  .strict();

export const ReportSave = z.object({ version: z.number().int().min(1), answers: z.record(z.string().max(40), z.unknown()).optional(), submit: z.boolean().default(false) }).strict();
export const ReportReview = z.object({ accept: z.boolean(), note: z.string().trim().max(TEXT_LIMITS.reason).default('') }).strict();

const person = z.object({ name: displayName(TEXT_LIMITS.personName), profileId: uuid.nullable().optional(), orcid: orcid.nullable().optional() }).strict();
export const OutcomeInput = z
  .object({
    type: z.enum(OUTCOME_KEYS),
    title: z.string().trim().max(TEXT_LIMITS.title).default(''),
    description: z.string().trim().max(TEXT_LIMITS.summary).default(''),
    year: z.number().int().min(1900).max(2200).nullable().optional(),
    /** A publication: its DOI, and its citation as BibTeX or RIS (read here; nothing is fetched). */
    doi: z.string().trim().max(TEXT_LIMITS.doi).nullable().optional(),
    citation: z.string().max(20_000).nullable().optional(),
    authors: z.array(person).max(100).optional(),
    journal: z.string().trim().max(300).nullable().optional(),
    /** Collaborations, further funding, spin-outs: the partner or funder organisation, and its sector or country. */
    partner: z.string().trim().max(TEXT_LIMITS.organisationName).nullable().optional(),
    partnerOrganisationId: uuid.nullable().optional(),
    partnerType: z.string().trim().max(60).nullable().optional(),
    country: z.string().trim().max(2).nullable().optional(),
    amount: pounds.nullable().optional(),
    url: z.string().trim().max(TEXT_LIMITS.url).nullable().optional(),
    /** Who the engagement reached, what policy was influenced, what the next destination is: free text. */
    detail: z.string().trim().max(TEXT_LIMITS.summary).nullable().optional(),
  })
  .strict();
export type OutcomeInput = z.output<typeof OutcomeInput>;

export const OutcomeView = z.object({
  id: z.string(),
  awardId: z.string(),
  type: z.enum(OUTCOME_KEYS),
  typeLabel: z.string(),
  gtrType: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  year: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
  libraryItemId: z.string().nullable(),
  isExample: z.boolean(),
});
export type OutcomeView = z.infer<typeof OutcomeView>;

export const AwardCard = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  call: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  mechanism: TermView,
  holder: z.string(),
  leadOrganisation: z.string().nullable(),
  amount: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(['active', 'completed', 'terminated']),
  outcomes: z.number().int(),
  isExample: z.boolean(),
});
export type AwardCard = z.infer<typeof AwardCard>;

export const ReportView = z.object({
  id: z.string(),
  kind: z.enum(['interim', 'final']),
  dueOn: z.string(),
  status: z.enum(['due', 'submitted', 'accepted', 'returned']),
  overdue: z.boolean(),
  questions: z.array(Question),
  answers: z.record(z.string(), z.unknown()),
  submittedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  version: z.number().int(),
});
export type ReportView = z.infer<typeof ReportView>;

export const AwardView = AwardCard.extend({
  applicationId: z.string().nullable(),
  team: z.array(z.object({ role: z.string(), name: z.string(), profileId: z.string().nullable(), organisation: z.string() })),
  budgetLines: z.array(z.object({ category: z.string(), amount: z.number().int() })),
  milestones: z.array(z.object({ id: z.string(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable() })),
  reports: z.array(ReportView),
  outcomeList: z.array(OutcomeView),
  can: z.object({ report: z.boolean(), manage: z.boolean() }),
});
export type AwardView = z.infer<typeof AwardView>;

// portfolio and sandpit

export const Tally = z.object({ key: z.string(), label: z.string(), awards: z.number().int(), amount: z.number().int() });
export type Tally = z.infer<typeof Tally>;
export const PortfolioView = z.object({
  awards: z.array(AwardCard),
  byMechanism: z.array(Tally.extend({ envelope: z.number().int() })),
  byStatus: z.array(Tally),
  byRegion: z.array(Tally),
  byDiscipline: z.array(Tally),
  byOrganisationType: z.array(Tally),
  byPartnerType: z.array(Tally),
  spend: z.object({
    envelope: z.number().int(),
    callBudgets: z.number().int(),
    awarded: z.number().int(),
    reported: z.number().int(),
    rows: z.array(z.object({ mechanism: z.string(), envelope: z.number().int(), callBudgets: z.number().int(), awarded: z.number().int(), reported: z.number().int() })),
  }),
  outcomesByType: z.array(z.object({ type: z.enum(OUTCOME_KEYS), label: z.string(), gtr: z.string().nullable(), count: z.number().int() })),
  boundaries: z.object({
    teams: z.number().int(),
    crossDisciplinaryShare: z.number().nullable(),
    crossRegionalShare: z.number().nullable(),
    eiDiscipline: z.number().nullable(),
    eiRegion: z.number().nullable(),
    meanRaoStirling: z.number().nullable(),
  }),
  notices: z.array(z.string()),
});
export type PortfolioView = z.infer<typeof PortfolioView>;

export const SandpitView = z.object({
  size: z.number().int(),
  participants: z.array(z.object({ applicationId: z.string(), name: z.string(), disciplines: z.array(z.string()), region: z.string().nullable(), disciplineLabels: z.array(z.string()), regionLabel: z.string().nullable(), suggested: z.boolean() })),
  diversity: z.object({ disciplines: z.number(), regions: z.number(), poolDisciplines: z.number(), poolRegions: z.number() }),
  balance: z.object({ disciplines: z.array(z.object({ label: z.string(), group: z.number().int(), pool: z.number().int() })), regions: z.array(z.object({ label: z.string(), group: z.number().int(), pool: z.number().int() })) }),
  notices: z.array(z.string()),
});
export type SandpitView = z.infer<typeof SandpitView>;

export const ProgrammeVocabulary = z.object({
  stages: z.array(TermView),
  callStages: z.array(TermView),
  decisions: z.array(TermView),
  relationKinds: z.array(TermView),
  conflictSources: z.array(TermView),
  teamRoles: z.array(TermView),
  outcomeTypes: z.array(z.object({ code: z.string(), label: z.string(), gtr: z.string().nullable() })),
  scale: z.array(z.object({ score: z.number().int(), label: z.string(), descriptor: z.string() })),
  letterPlaceholders: z.array(TermView),
});
export type ProgrammeVocabulary = z.infer<typeof ProgrammeVocabulary>;
