import type { ColumnType, Generated, Selectable } from 'kysely';

/** The tables as Kysely sees them (see migrations.ts for the SQL). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  email_verified_at: Date | null;
  password_hash: string;
  status: Generated<'active' | 'disabled'>;
  failed_logins: Generated<number>;
  /** Sign-in waits until then (after repeated wrong passwords). */
  locked_until: Date | null;
  last_failed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_by: string | null;
  granted_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface TokensTable {
  id: string;
  user_id: string;
  purpose: 'verify_email' | 'reset_password' | 'change_email';
  new_email: string | null;
  created_at: Timestamp;
  expires_at: Date;
  used_at: Date | null;
}

export interface OutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string | null;
  transport: 'outbox' | 'smtp';
  status: 'stored' | 'queued' | 'sent' | 'failed';
  error: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface TaxonomyTermsTable {
  taxonomy: string;
  code: string;
  label: string;
  parent_code: string | null;
  position: number;
  source: string;
  edited_by: ColumnType<string | null, string | null | undefined, string | null>;
  retired: Generated<boolean>;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  type: string;
  country: string;
  region_code: string | null;
  website: string | null;
  is_example: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProfilesTable {
  id: Generated<string>;
  user_id: string | null;
  name: string;
  job_title: string | null;
  bio: string | null;
  region_code: string | null;
  country: string | null;
  career_stage: string | null;
  orcid: string | null;
  expertise: ColumnType<string[], string[] | undefined, string[]>;
  links: Json<{ label: string; url: string }[]>;
  visibility: Json<Record<string, string>>;
  listed: Generated<boolean>;
  consent_contact: Generated<boolean>;
  consent_digest: Generated<boolean>;
  consent_analytics: Generated<boolean>;
  is_example: Generated<boolean>;
  search_public: ColumnType<string | null, never, never>;
  search_members: ColumnType<string | null, never, never>;
  facets_public: ColumnType<string[], never, string[]>;
  facets_members: ColumnType<string[], never, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProfileTermsTable {
  profile_id: string;
  taxonomy: string;
  code: string;
}

export interface AffiliationsTable {
  id: Generated<string>;
  profile_id: string;
  organisation_id: string;
  role: string | null;
  start_date: ColumnType<string | null, string | null | undefined, string | null>;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DirectoryStateTable {
  id: Generated<boolean>;
  version: number;
}

/** An author of a library item: a member of the directory, or an external name with an ORCID iD. */
export interface ItemAuthor {
  name: string;
  profileId?: string;
  orcid?: string;
}

export interface LibraryItemsTable {
  id: Generated<string>;
  type: string;
  state: Generated<string>;
  title: string;
  summary: string;
  body: Generated<string>;
  authors: Json<ItemAuthor[]>;
  organisation_ids: ColumnType<string[], string[] | undefined, string[]>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  published_on: ColumnType<string | null, string | null | undefined, string | null>;
  doi: string | null;
  url: string | null;
  licence: string | null;
  evidence: number | null;
  related_ids: ColumnType<string[], string[] | undefined, string[]>;
  cover_id: string | null;
  collection_id: string | null;
  is_example: Generated<boolean>;
  source: string | null;
  /** False for a bare record (no description of its own): it ranks below described items in text searches. */
  described: Generated<boolean>;
  owner_id: string | null;
  version: Generated<number>;
  search: ColumnType<string | null, never, never>;
  facets: ColumnType<string[], never, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LibraryItemTermsTable {
  item_id: string;
  taxonomy: string;
  code: string;
}

export interface LibraryVersionsTable {
  item_id: string;
  version: number;
  state: string;
  content: Json<Record<string, unknown>>;
  edited_by: string | null;
  edited_at: Timestamp;
}

export interface LibraryReviewsTable {
  id: Generated<string>;
  item_id: string;
  reviewer_id: string | null;
  decision: 'accept' | 'request_changes' | 'decline';
  reason: string | null;
  at: Timestamp;
}

export interface LibraryAttachmentsTable {
  id: Generated<string>;
  item_id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface CollectionsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  description: Generated<string>;
  is_community: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CollectionCuratorsTable {
  collection_id: string;
  user_id: string;
}

export interface CollectionItemsTable {
  collection_id: string;
  item_id: string;
  position: number;
}

export interface LibraryFeaturesTable {
  item_id: string;
  position: number;
  featured_by: string | null;
  at: Timestamp;
}

export interface SavedSearchesTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: Json<Record<string, unknown>>;
  created_at: Timestamp;
  last_notified_at: Date | null;
}

export interface LibraryStateTable {
  id: Generated<boolean>;
  version: number;
}

export interface HubSettingsTable {
  key: string;
  value: string;
}

export interface DatasetsTable {
  id: Generated<string>;
  slug: string;
  kind: 'regions' | 'records';
  title: string;
  source: Generated<string>;
  licence: Generated<string>;
  description: Generated<string>;
  visibility: 'public' | 'members' | 'private';
  owner_id: string | null;
  version: Generated<number>;
  builtin: string | null;
  options: Json<Record<string, unknown>>;
  summary: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DatasetFilesTable {
  dataset_id: string;
  version: number;
  role: 'data' | 'labels' | 'hierarchy' | 'population';
  position: Generated<number>;
  filename: string;
  storage_key: string;
  size: number;
  sha256: string;
}

export interface Schema {
  hub_settings: HubSettingsTable;
  directory_state: DirectoryStateTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  tokens: TokensTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  taxonomy_terms: TaxonomyTermsTable;
  organisations: OrganisationsTable;
  profiles: ProfilesTable;
  profile_terms: ProfileTermsTable;
  affiliations: AffiliationsTable;
  library_state: LibraryStateTable;
  library_items: LibraryItemsTable;
  library_item_terms: LibraryItemTermsTable;
  library_versions: LibraryVersionsTable;
  library_reviews: LibraryReviewsTable;
  library_attachments: LibraryAttachmentsTable;
  collections: CollectionsTable;
  collection_curators: CollectionCuratorsTable;
  collection_items: CollectionItemsTable;
  library_features: LibraryFeaturesTable;
  saved_searches: SavedSearchesTable;
  datasets: DatasetsTable;
  dataset_files: DatasetFilesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type ProfileRow = Selectable<ProfilesTable>;
