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
  locked_until: Date | null;
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

export interface Schema {
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
}

export type Organisation = Selectable<OrganisationsTable>;
export type ProfileRow = Selectable<ProfilesTable>;
