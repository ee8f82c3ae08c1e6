/**
 * The stakeholder database's contract: contacts (members or not) with their organisation, sector, size band, region,
 * stakeholder type and interests; consent records per purpose; CSV imports; segments; the public sign-up form; the
 * preferences a contact keeps by their link; subject-access exports. Zod schemas shared by the services, the routes
 * and the web app.
 */
import { z } from 'zod';
import { TEXT_LIMITS, TermView } from '../platform/model.js';
import { displayName, email, facetValues, regionCode } from '../platform/validate.js';

const codes = z.array(z.string().trim().min(1).max(80)).max(30);

export const STAKEHOLDER_TYPES = { industry: 'Industry', academia: 'Academia', policy: 'Policy', intermediary: 'Intermediary', third_sector: 'Third sector' } as const;
export type StakeholderType = keyof typeof STAKEHOLDER_TYPES;
/** Size bands of the UK's business statistics (employees): micro 0–9, small 10–49, medium 50–249, large 250+. */
export const SIZE_BANDS = { micro: 'Micro (0–9 employees)', small: 'Small (10–49)', medium: 'Medium (50–249)', large: 'Large (250 or more)' } as const;
export type SizeBand = keyof typeof SIZE_BANDS;
export const CONTACT_SOURCES = { event_registration: 'Event registration', import: 'Import', sign_up: 'Sign-up form', manual: 'Entered by a manager', member: 'Member of the network' } as const;
export type ContactSource = keyof typeof CONTACT_SOURCES;
export const DIGEST_FREQUENCIES = { none: 'No digest', weekly: 'Weekly', monthly: 'Monthly' } as const;
export type DigestFrequency = keyof typeof DIGEST_FREQUENCIES;

/**
 * The purposes consent is asked for, each with the wording shown and its version. A new wording is a new version;
 * the consent given keeps the wording and version it was given on.
 */
export const CONSENT_PURPOSES = {
  digests: { label: 'Newsletter and digests', version: 1, wording: 'Email me the network’s digest of new research, events and funding calls that match my interests. I can unsubscribe at any time from any digest.' },
  consultations: { label: 'Consultations', version: 1, wording: 'Invite me by email to give my views on the network’s proposals: draft calls, research agendas and briefings.' },
  research: { label: 'Research participation', version: 1, wording: 'Contact me about taking part in research (interviews, surveys, case studies) run by the network or its members.' },
  partners: { label: 'Sharing with partners', version: 1, wording: 'Share my name, organisation and interests with the network’s partner organisations, so that they can contact me about their programmes.' },
} as const;
export type ConsentPurpose = keyof typeof CONSENT_PURPOSES;
const purposes = Object.keys(CONSENT_PURPOSES) as [ConsentPurpose, ...ConsentPurpose[]];
export const consentPurpose = z.enum(purposes, { message: `must be one of ${purposes.join(', ')}` });

const stakeholderType = z.enum(Object.keys(STAKEHOLDER_TYPES) as [StakeholderType, ...StakeholderType[]], { message: `must be one of ${Object.keys(STAKEHOLDER_TYPES).join(', ')}` });
const sizeBand = z.enum(Object.keys(SIZE_BANDS) as [SizeBand, ...SizeBand[]], { message: `must be one of ${Object.keys(SIZE_BANDS).join(', ')}` });
/** A SIC 2007 section letter, A to U. */
export const sicSection = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-U]$/.test(s), 'must be a SIC 2007 section letter, A to U');

export const ContactInput = z
  .object({
    name: displayName(TEXT_LIMITS.personName),
    email,
    organisation: z.string().trim().max(TEXT_LIMITS.organisationName).default(''),
    sector: sicSection.nullable().optional(),
    sizeBand: sizeBand.nullable().optional(),
    region: regionCode.nullable().optional(),
    stakeholderType: stakeholderType.nullable().optional(),
    themes: codes.default([]),
    technologies: codes.default([]),
    /** Consent the manager records, with where it was given (a paper form, a conversation): never assumed. */
    consents: z.array(z.object({ purpose: consentPurpose, source: z.string().trim().min(3, 'says where the consent was given').max(300) }).strict()).max(4).default([]),
  })
  .strict();
export type ContactInput = z.output<typeof ContactInput>;
export const ContactPatch = ContactInput.omit({ consents: true }).partial().strict();

export const ContactFilter = z
  .object({
    q: z.string().trim().max(TEXT_LIMITS.query).optional(),
    stakeholderType: facetValues,
    sector: facetValues,
    /** ITL codes: an ITL1 region takes its ITL2 regions in. */
    region: facetValues,
    sizeBand: facetValues,
    theme: facetValues,
    technology: facetValues,
    source: facetValues,
    /** Only contacts with current consent to this purpose. */
    consent: consentPurpose.optional(),
    digest: z.enum(['weekly', 'monthly', 'any']).optional(),
    members: z.enum(['only', 'none']).optional(),
  })
  .strict();
export type ContactFilter = z.output<typeof ContactFilter>;
export const ContactQuery = ContactFilter.extend({ page: z.coerce.number().int().min(1).max(100_000).optional(), pageSize: z.coerce.number().int().min(1).max(200).optional(), segment: z.string().max(100).optional() }).strict();

export const ConsentView = z.object({
  id: z.string(),
  purpose: consentPurpose,
  label: z.string(),
  wording: z.string(),
  wordingVersion: z.number().int(),
  source: z.string(),
  givenAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnSource: z.string().nullable(),
  current: z.boolean(),
});

export const ContactCard = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
  sector: TermView.nullable(),
  sizeBand: z.string().nullable(),
  region: TermView.nullable(),
  stakeholderType: z.string().nullable(),
  source: z.string(),
  member: z.boolean(),
  consents: z.array(consentPurpose),
  digestFrequency: z.string(),
  lastActiveAt: z.string(),
  isExample: z.boolean(),
});
export type ContactCard = z.infer<typeof ContactCard>;

export const EngagementEntry = z.object({ at: z.string(), kind: z.enum(['registered', 'attended', 'responded', 'digest_sent', 'digest_opened', 'consent_given', 'consent_withdrawn']), label: z.string(), link: z.string().nullable() });

export const ContactView = ContactCard.extend({
  themes: z.array(TermView),
  technologies: z.array(TermView),
  consentHistory: z.array(ConsentView),
  engagement: z.array(EngagementEntry),
  tracking: z.boolean(),
  createdAt: z.string(),
});
export type ContactView = z.infer<typeof ContactView>;

export const ContactPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(ContactCard), notices: z.array(z.string()) });

export const ConsentChange = z.object({ purpose: consentPurpose, give: z.boolean(), source: z.string().trim().min(3, 'says where the consent was given or withdrawn').max(300) }).strict();

/** The import's fields, and the CSV column each is read from. */
export const IMPORT_FIELDS = ['name', 'email', 'organisation', 'sector', 'sizeBand', 'region', 'stakeholderType', 'themes', 'technologies', 'consentDigests', 'consentConsultations', 'consentResearch', 'consentPartners'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const ImportInput = z
  .object({
    filename: z.string().trim().min(1).max(TEXT_LIMITS.filename).default('contacts.csv'),
    csv: z.string().min(1, 'is empty').max(20_000_000, 'is larger than 20 MB'),
    /** CSV column per field; absent fields are guessed from the header. */
    mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200)).default({}),
    /** preview: what would happen, nothing written; commit: write it all, in one transaction. */
    mode: z.enum(['preview', 'commit']).default('preview'),
    /** Write the valid rows and leave out the bad ones (otherwise one bad row stops the import). */
    skipInvalid: z.boolean().default(false),
    /** A duplicate of a contact held: left as it is, or updated from the row. */
    duplicates: z.enum(['skip', 'update']).default('skip'),
    /** Where the consents the file records were given (required when a consent column is mapped). */
    consentSource: z.string().trim().max(300).default(''),
  })
  .strict();

export const ImportReport = z.object({
  mode: z.enum(['preview', 'commit']),
  committed: z.boolean(),
  rows: z.number().int(),
  mapping: z.record(z.string(), z.string()),
  columns: z.array(z.string()),
  valid: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), column: z.string(), field: z.string(), message: z.string() })),
  duplicates: z.array(z.object({ line: z.number().int(), match: z.enum(['email', 'name_organisation', 'earlier_row']), contactId: z.string().nullable(), name: z.string() })),
  sample: z.array(z.object({ line: z.number().int(), name: z.string(), email: z.string(), organisation: z.string(), action: z.enum(['create', 'update', 'skip', 'invalid']) })),
  notices: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const SegmentInput = z.object({ name: z.string().trim().min(1, 'is required').max(200), filter: ContactFilter }).strict();
export const SegmentView = z.object({ id: z.string(), name: z.string(), filter: z.record(z.string(), z.unknown()), description: z.string(), count: z.number().int(), consenting: z.object({ digests: z.number().int(), consultations: z.number().int() }), updatedAt: z.string() });
export type SegmentView = z.infer<typeof SegmentView>;

export const SignUpInput = z
  .object({
    name: displayName(TEXT_LIMITS.personName),
    email,
    organisation: z.string().trim().max(TEXT_LIMITS.organisationName).default(''),
    stakeholderType: stakeholderType.nullable().optional(),
    sector: sicSection.nullable().optional(),
    region: regionCode.nullable().optional(),
    themes: codes.default([]),
    technologies: codes.default([]),
    purposes: z.array(consentPurpose).min(1, 'choose at least one thing to hear about').max(4),
    frequency: z.enum(['weekly', 'monthly']).default('monthly'),
  })
  .strict();

export const Preferences = z.object({
  name: z.string(),
  email: z.string(),
  frequency: z.enum(['none', 'weekly', 'monthly']),
  themes: z.array(z.string()),
  technologies: z.array(z.string()),
  consents: z.array(z.object({ purpose: consentPurpose, label: z.string(), wording: z.string(), given: z.boolean() })),
  tracking: z.boolean(),
});
export const PreferencesSave = z
  .object({
    token: z.string().min(10).max(300).optional(),
    frequency: z.enum(['none', 'weekly', 'monthly']).optional(),
    themes: codes.optional(),
    technologies: codes.optional(),
    consents: z.partialRecord(consentPurpose, z.boolean()).optional(),
    tracking: z.boolean().optional(),
  })
  .strict();
