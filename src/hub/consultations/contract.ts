/**
 * The consultations' contract: a proposal (a draft call, a research agenda, a briefing) published with its questions
 * and closing date; responses from members, invited contacts (by their link) and, when allowed, the public (with a
 * verified email); results and the published summary. Zod schemas shared by the services, the routes and the web app.
 */
import { z } from 'zod';
import { LondonTime, londonDateTime } from '../platform/london-time.js';
import { TEXT_LIMITS } from '../platform/model.js';
import { Questionnaire } from '../platform/questionnaire.js';
import { displayName, email } from '../platform/validate.js';
import { ContactFilter } from '../stakeholders/contract.js';

export const CONSULTATION_KINDS = { draft_call: 'Draft call', research_agenda: 'Research agenda', briefing: 'Briefing' } as const;
export type ConsultationKind = keyof typeof CONSULTATION_KINDS;
const kind = z.enum(Object.keys(CONSULTATION_KINDS) as [ConsultationKind, ...ConsultationKind[]]);

export const ConsultationInput = z
  .object({
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be 2–80 lower-case letters, digits or hyphens').optional(),
    kind,
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.title),
    summary: z.string().trim().max(TEXT_LIMITS.summary).default(''),
    body: z.string().max(TEXT_LIMITS.body).default(''),
    questions: Questionnaire.refine((q) => q.length > 0, 'needs at least one question'),
    closesAt: londonDateTime,
    publicResponses: z.boolean().default(false),
    published: z.boolean().default(false),
  })
  .strict();
export type ConsultationInput = z.output<typeof ConsultationInput>;
export const ConsultationPatch = ConsultationInput.partial().extend({ version: z.number().int().min(1) }).strict();

export const ResponseInput = z
  .object({
    answers: z.record(z.string().max(40), z.unknown()),
    /** An invited contact's link. */
    token: z.string().min(10).max(300).optional(),
    /** The public (when allowed): a name and an address, verified by an emailed link. */
    name: displayName(TEXT_LIMITS.personName).optional(),
    email: email.optional(),
  })
  .strict();

export const InviteContacts = z.object({ segment: z.string().max(100).optional(), filter: ContactFilter.optional() }).strict();
export const SummaryInput = z.object({ whatWeHeard: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.body) }).strict();

export const ConsultationCard = z.object({
  id: z.string(),
  slug: z.string(),
  kind,
  kindLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  closesAt: LondonTime,
  status: z.enum(['draft', 'open', 'closed']),
  publicResponses: z.boolean(),
  responses: z.number().int().nullable(),
  hasSummary: z.boolean(),
  isExample: z.boolean(),
});
export type ConsultationCard = z.infer<typeof ConsultationCard>;

export const ConsultationView = ConsultationCard.extend({
  body: z.string(),
  bodyHtml: z.string(),
  questions: Questionnaire,
  files: z.array(z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number().int() })),
  whatWeHeard: z.string().nullable(),
  whatWeHeardHtml: z.string().nullable(),
  /** The way the viewer may respond now: as a member, by their invitation's link, as the public, or not. */
  respondAs: z.enum(['member', 'contact', 'public', 'none']),
  responded: z.boolean(),
  invitee: z.string().nullable(),
  can: z.object({ manage: z.boolean() }),
  version: z.number().int(),
});
export type ConsultationView = z.infer<typeof ConsultationView>;

const Count = z.object({ code: z.string(), label: z.string(), count: z.number().int() });
export const ConsultationResults = z.object({
  responses: z.number().int(),
  byRespondent: z.array(Count),
  byStakeholderType: z.array(Count),
  bySector: z.array(Count),
  byRegion: z.array(Count),
  questions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      type: z.string(),
      answered: z.number().int(),
      mean: z.number().nullable(),
      distribution: z.array(z.object({ value: z.string(), count: z.number().int() })),
      /** For scales and choices: the answers by stakeholder type. */
      byStakeholderType: z.array(z.object({ type: z.string(), label: z.string(), answered: z.number().int(), mean: z.number().nullable(), distribution: z.array(z.object({ value: z.string(), count: z.number().int() })) })),
      keywords: z.array(z.object({ term: z.string(), count: z.number().int() })),
      texts: z.array(z.object({ text: z.string(), stakeholderType: z.string().nullable() })),
    }),
  ),
  invited: z.number().int(),
  notices: z.array(z.string()),
});
export type ConsultationResults = z.infer<typeof ConsultationResults>;
