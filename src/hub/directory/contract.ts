/**
 * The directory's contract: what its routes take (queries, profile and organisation edits) and answer (member cards,
 * profiles, organisations, the network's summary), as zod schemas shared by the services, the routes (and so the
 * OpenAPI document) and the web app's types.
 */
import { z } from 'zod';
import { VISIBILITY_LEVELS } from '../platform/access.js';
import { CAREER_STAGES, FacetCountsOf, FACETS, ORGANISATION_FACETS, ORGANISATION_TYPES, Paged, PROFILE_FIELDS, TEXT_LIMITS, TermView, type CareerStage, type OrganisationType } from '../platform/model.js';
import { countryCode, displayName, facetValues, httpUrl, isoDate, orcid, regionCode } from '../platform/validate.js';

const typeKeys = Object.keys(ORGANISATION_TYPES) as [OrganisationType, ...OrganisationType[]];
const stageKeys = Object.keys(CAREER_STAGES) as [CareerStage, ...CareerStage[]];
const pageNumber = (max: number) => z.coerce.number().int().min(1).max(max).optional();

// requests

export const DirectoryQuery = z.object({
  q: z.string().trim().max(TEXT_LIMITS.query).optional(),
  discipline: facetValues,
  sector: facetValues,
  theme: facetValues,
  region: facetValues,
  organisationType: facetValues,
  careerStage: facetValues,
  sort: z.enum(['relevance', 'name']).optional(),
  page: pageNumber(10_000),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
export type DirectoryQuery = z.input<typeof DirectoryQuery>;

const visibilityLevel = z.enum(VISIBILITY_LEVELS, { message: 'must be public, members or private' });
const codes = z.array(z.string().trim().min(1).max(100)).max(30);

/** A profile's edit: only the fields it names change. */
export const ProfilePatch = z
  .object({
    name: displayName(TEXT_LIMITS.personName),
    jobTitle: z.string().trim().max(TEXT_LIMITS.jobTitle).nullable(),
    bio: z.string().max(TEXT_LIMITS.bio).nullable(),
    regionCode: regionCode.nullable(),
    country: countryCode.nullable(),
    careerStage: z.enum(stageKeys, { message: `must be one of ${stageKeys.join(', ')}` }).nullable(),
    orcid: orcid.nullable(),
    expertise: z.array(z.string().trim().min(1, 'must not be empty').max(TEXT_LIMITS.keyword)).max(40),
    links: z.array(z.object({ label: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.linkLabel), url: httpUrl })).max(10),
    disciplines: codes,
    sectors: codes,
    themes: codes,
    affiliations: z
      .array(
        z
          .object({
            organisationId: z.uuid({ message: 'is not an organisation id' }),
            role: z.string().trim().max(TEXT_LIMITS.role).nullable().optional(),
            startDate: isoDate.nullable().optional(),
            endDate: isoDate.nullable().optional(),
          })
          .refine((a) => !a.startDate || !a.endDate || a.endDate >= a.startDate, { message: 'must not be before startDate', path: ['endDate'] }),
      )
      .max(20),
    visibility: z.partialRecord(z.enum(PROFILE_FIELDS as [string, ...string[]]), visibilityLevel),
    listed: z.boolean(),
    consentContact: z.boolean(),
    consentDigest: z.boolean(),
    consentAnalytics: z.boolean(),
  })
  .partial()
  .strict();

export const OrganisationQuery = z
  .object({
    q: z.string().trim().max(TEXT_LIMITS.query).optional(),
    type: facetValues,
    region: facetValues,
    country: facetValues,
    page: pageNumber(100_000),
    pageSize: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

/** A new organisation. */
export const OrganisationInput = z.object({
  name: displayName(TEXT_LIMITS.organisationName),
  type: z.enum(typeKeys, { message: `must be one of ${typeKeys.join(', ')}` }),
  country: countryCode,
  regionCode: regionCode.nullable().optional(),
  website: httpUrl.nullable().optional(),
});
/** An organisation's edit: only the fields it names change. */
export const OrganisationPatch = OrganisationInput.partial();

// answers

export const OrganisationView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(typeKeys),
  typeLabel: z.string(),
  country: z.string(),
  countryName: z.string(),
  regionCode: z.string().nullable(),
  regionLabel: z.string().nullable(),
  website: z.string().nullable(),
  isExample: z.boolean(),
});
export type OrganisationView = z.infer<typeof OrganisationView>;

/** An organisation in the organisations index: with how many members the viewer may see there. */
export const OrganisationCard = OrganisationView.extend({ members: z.number().int() });
export type OrganisationCard = z.infer<typeof OrganisationCard>;

export const OrganisationResult = Paged(OrganisationCard).extend({ facets: FacetCountsOf(ORGANISATION_FACETS) });
export type OrganisationResult = z.infer<typeof OrganisationResult>;

export const OrganisationPage = OrganisationView.extend({
  members: z.array(
    z.object({ profileId: z.string(), name: z.string(), role: z.string().nullable(), startDate: z.string().nullable(), endDate: z.string().nullable(), isExample: z.boolean() }),
  ),
});
export type OrganisationPage = z.infer<typeof OrganisationPage>;

export const AffiliationView = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  organisationType: z.enum(typeKeys),
  organisationTypeLabel: z.string(),
  role: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
});
export type AffiliationView = z.infer<typeof AffiliationView>;

/** A member as a directory result shows them, as one viewer may see them: hidden fields are absent. */
export const MemberCard = z.object({
  id: z.string(),
  isExample: z.boolean(),
  name: z.string(),
  jobTitle: z.string().nullable().optional(),
  organisations: z.array(AffiliationView).optional(),
  disciplines: z.array(TermView).optional(),
  region: z.object({ code: z.string().nullable(), label: z.string().nullable(), country: z.string().nullable(), countryName: z.string().nullable() }).optional(),
  careerStage: z.object({ code: z.enum(stageKeys), label: z.string() }).nullable().optional(),
  expertise: z.array(z.string()).optional(),
});
export type MemberCard = z.infer<typeof MemberCard>;

/** A whole profile as one viewer may see it: fields they may not see are absent. */
export const ProfileView = MemberCard.extend({
  sectors: z.array(TermView).optional(),
  themes: z.array(TermView).optional(),
  orcid: z.string().nullable().optional(),
  bio: z.string().nullable().optional(),
  /** The bio rendered from Markdown and sanitised. */
  bioHtml: z.string().nullable().optional(),
  links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
  /** Only for the owner and administrators. */
  settings: z
    .object({
      visibility: z.record(z.enum(PROFILE_FIELDS as [(typeof PROFILE_FIELDS)[number], ...(typeof PROFILE_FIELDS)[number][]]), z.enum(VISIBILITY_LEVELS)),
      listed: z.boolean(),
      consentContact: z.boolean(),
      consentDigest: z.boolean(),
      consentAnalytics: z.boolean(),
    })
    .optional(),
  canEdit: z.boolean(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const DirectoryResult = Paged(MemberCard).extend({ facets: FacetCountsOf(FACETS) });
export type DirectoryResult = z.infer<typeof DirectoryResult>;

export const ActivityItem = z.object({ kind: z.enum(['member_joined', 'organisation_added']), at: z.string(), id: z.string(), title: z.string(), isExample: z.boolean() });
export type ActivityItem = z.infer<typeof ActivityItem>;

export const NetworkSummary = z.object({ members: z.number().int(), organisations: z.number().int(), disciplines: z.number().int(), regions: z.number().int(), latest: z.array(ActivityItem) });
export type NetworkSummary = z.infer<typeof NetworkSummary>;
