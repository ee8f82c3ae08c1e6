/**
 * The hub's vocabulary and the shapes it answers with: constants and types only, no I/O, so that
 * the server, the CLI and the web app (web/src/api.ts) share one definition of each.
 */
import type { GrantedRole, Visibility } from './access.js';

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

export interface OrganisationView {
  id: string;
  name: string;
  type: OrganisationType;
  typeLabel: string;
  country: string;
  countryName: string;
  regionCode: string | null;
  regionLabel: string | null;
  website: string | null;
  isExample: boolean;
}

/** An organisation in the organisations index: with how many members the viewer may see there. */
export interface OrganisationCard extends OrganisationView {
  members: number;
}

export const ORGANISATION_FACETS = ['type', 'region', 'country'] as const;
export type OrganisationFacet = (typeof ORGANISATION_FACETS)[number];

export interface OrganisationResult extends Page<OrganisationCard> {
  facets: Record<OrganisationFacet, FacetCount[]>;
}

export interface OrganisationPage extends OrganisationView {
  members: { profileId: string; name: string; role: string | null; startDate: string | null; endDate: string | null; isExample: boolean }[];
}

export const CAREER_STAGES = {
  doctoral: 'Doctoral researcher',
  early_career: 'Early career',
  mid_career: 'Mid career',
  senior: 'Senior',
  practitioner: 'Practitioner',
} as const;
export type CareerStage = keyof typeof CAREER_STAGES;

export interface TermView {
  code: string;
  label: string;
}

/** A term of an editable taxonomy as the curators' page lists it. */
export interface EditableTerm {
  code: string;
  label: string;
  parentCode: string | null;
  retired: boolean;
  /** Who changed it last: null for a term as the reference file has it. */
  editedBy: string | null;
  /** Library items and member profiles that carry it. */
  used: number;
}

export interface AffiliationView {
  id: string;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  organisationTypeLabel: string;
  role: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** A member as a directory result shows them, as one viewer may see them: hidden fields are absent. */
export interface MemberCard {
  id: string;
  isExample: boolean;
  name: string;
  jobTitle?: string | null;
  organisations?: AffiliationView[];
  disciplines?: TermView[];
  region?: { code: string | null; label: string | null; country: string | null; countryName: string | null };
  careerStage?: { code: CareerStage; label: string } | null;
  expertise?: string[];
}

/** A whole profile as one viewer may see it: fields they may not see are absent. */
export interface ProfileView extends MemberCard {
  sectors?: TermView[];
  themes?: TermView[];
  orcid?: string | null;
  bio?: string | null;
  /** The bio rendered from Markdown and sanitised. */
  bioHtml?: string | null;
  links?: { label: string; url: string }[];
  /** Only for the owner and administrators. */
  settings?: {
    visibility: Record<ProfileField, Visibility>;
    listed: boolean;
    consentContact: boolean;
    consentDigest: boolean;
    consentAnalytics: boolean;
  };
  canEdit: boolean;
}

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

export interface FacetCount {
  value: string;
  label: string;
  /** What tells two values of one label apart: a region's level (ITL1, ITL2). */
  detail?: string;
  count: number;
  selected: boolean;
}

export interface DirectoryResult {
  total: number;
  page: number;
  pageSize: number;
  items: MemberCard[];
  facets: Record<Facet, FacetCount[]>;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface UserSummary {
  id: string;
  email: string;
  emailVerified: boolean;
  status: 'active' | 'disabled';
  roles: GrantedRole[];
  profileId: string | null;
  name: string | null;
  createdAt: string;
  lockedUntil: string | null;
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  body: string | null;
  transport: 'outbox' | 'smtp';
  status: string;
  error: string | null;
  createdAt: string;
}

export interface ActivityItem {
  kind: 'member_joined' | 'organisation_added';
  at: string;
  id: string;
  title: string;
  isExample: boolean;
}

export interface NetworkSummary {
  members: number;
  organisations: number;
  disciplines: number;
  regions: number;
  latest: ActivityItem[];
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}
