/**
 * The hub's vocabulary, and the few answer shapes every feature shares (a term, a facet's counts, a page, an audit
 * record): constants and zod schemas only, no I/O. Each feature's own shapes are in its contract module
 * (accounts/contract.ts, directory/contract.ts, library/contract.ts, taxonomy/contract.ts), shared by the service, the
 * routes (and so the OpenAPI document) and the web app (web/src/api.ts).
 */
import { z } from 'zod';
import type { Visibility } from './access.js';

/**
 * The longest text each field takes, in characters (UTF-16 code units, as JavaScript and zod count them): the same
 * numbers bound the hub's validation and the web app's `maxLength`, so a form never accepts what the server refuses.
 */
export const TEXT_LIMITS = {
  /** A person's name (a member, an author). */
  personName: 200,
  organisationName: 300,
  email: 254,
  password: 200,
  /** A library item's title. */
  title: 300,
  summary: 3000,
  body: 200_000,
  collectionTitle: 200,
  description: 5000,
  jobTitle: 200,
  role: 200,
  bio: 10_000,
  keyword: 100,
  linkLabel: 100,
  url: 500,
  licence: 100,
  doi: 200,
  orcid: 40,
  reason: 5000,
  termLabel: 120,
  searchName: 200,
  /** The words of a search. */
  query: 200,
  filename: 500,
} as const;

export const ORGANISATION_TYPES = {
  university: 'University',
  research_institute: 'Research institute',
  business: 'Business',
  manufacturer: 'Manufacturer',
  technology_provider: 'Technology provider',
  policy_body: 'Policy body',
  intermediary: 'Intermediary or cluster organisation',
  other: 'Other',
} as const;
export type OrganisationType = keyof typeof ORGANISATION_TYPES;

export const ORGANISATION_FACETS = ['type', 'region', 'country'] as const;
export type OrganisationFacet = (typeof ORGANISATION_FACETS)[number];

export const CAREER_STAGES = {
  doctoral: 'Doctoral researcher',
  early_career: 'Early career',
  mid_career: 'Mid career',
  senior: 'Senior',
  practitioner: 'Practitioner',
} as const;
export type CareerStage = keyof typeof CAREER_STAGES;

/** The profile fields whose visibility a member sets, and where each starts. */
export const DEFAULT_VISIBILITY = {
  name: 'public',
  organisations: 'public',
  jobTitle: 'public',
  disciplines: 'public',
  sectors: 'public',
  themes: 'public',
  region: 'public',
  expertise: 'public',
  careerStage: 'members',
  orcid: 'members',
  bio: 'members',
  links: 'members',
} as const satisfies Record<string, Visibility>;
export type ProfileField = keyof typeof DEFAULT_VISIBILITY;
export const PROFILE_FIELDS = Object.keys(DEFAULT_VISIBILITY) as ProfileField[];

/** The directory facets; a profile's values are stored as `facet:code` in its facet arrays. */
export const FACETS = ['discipline', 'sector', 'theme', 'region', 'organisationType', 'careerStage'] as const;
export type Facet = (typeof FACETS)[number];

/** A term of a taxonomy, as an answer carries it. */
export const TermView = z.object({ code: z.string(), label: z.string() });
export type TermView = z.infer<typeof TermView>;

/** One value of a facet: its label, how many results have it, and whether the search selects it. */
export const FacetCount = z.object({
  value: z.string(),
  label: z.string(),
  /** What tells two values of one label apart: a region's level (ITL1, ITL2). */
  detail: z.string().optional(),
  count: z.number().int(),
  selected: z.boolean(),
});
export type FacetCount = z.infer<typeof FacetCount>;

/** Counts per value of each of the named facets. */
export const FacetCountsOf = <F extends string>(facets: readonly F[]) => z.object(Object.fromEntries(facets.map((f) => [f, z.array(FacetCount)])) as Record<F, z.ZodArray<typeof FacetCount>>);

/** One page of a list, and how many there are in all. */
export const Paged = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(item) });
export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export const AuditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
