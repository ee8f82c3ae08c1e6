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
  purpose: 'verify_email' | 'reset_password' | 'change_email' | 'invitation';
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
  body_html: ColumnType<string | null, string | null | undefined, string | null>;
  headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  attachments: ColumnType<MailAttachmentRow[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

/** An attachment kept in the outbox: text content (an iCalendar file). */
export interface MailAttachmentRow {
  filename: string;
  contentType: string;
  content: string;
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

type Id = Generated<string>;
type Created = Timestamp;
type DateText = ColumnType<string, string, string>;
type MaybeTimeText = ColumnType<string | null, string | null | undefined, string | null>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ProgrammeMechanismsTable {
  code: string;
  name: string;
  description: Generated<string>;
  budget_envelope: number;
  award_min: number;
  award_max: number;
  duration_min_months: number;
  duration_max_months: number;
  default_form: Json<unknown[]>;
  position: Generated<number>;
}

export interface CallsTable {
  id: Id;
  slug: string;
  mechanism: string;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  opens_at: ColumnType<Date, Date | string, Date | string>;
  closes_at: ColumnType<Date, Date | string, Date | string>;
  eoi_closes_at: MaybeTime;
  stages: 'full' | 'eoi_full';
  eligibility: Json<Record<string, unknown>>;
  max_amount: number;
  total_budget: number;
  review: Json<Record<string, unknown>>;
  state: Generated<'draft' | 'published'>;
  is_example: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Created;
  updated_at: Created;
}

export interface CallTermsTable {
  call_id: string;
  taxonomy: string;
  code: string;
}

export interface CallFormsTable {
  call_id: string;
  stage: 'eoi' | 'full' | 'report';
  version: number;
  questions: Json<unknown[]>;
  created_by: string | null;
  created_at: Created;
}

export interface CallLettersTable {
  call_id: string;
  outcome: 'fund' | 'reject' | 'reserve' | 'invite' | 'not_invited';
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Created;
}

export interface SandpitTeamsTable {
  id: Id;
  call_id: string;
  name: string;
  created_by: string | null;
  created_at: Created;
}

export interface ApplicationsTable {
  id: Id;
  call_id: string;
  stage: 'eoi' | 'full';
  form_version: number;
  applicant_id: string;
  eoi_id: string | null;
  team_id: string | null;
  reference: string | null;
  title: Generated<string>;
  answers: Json<Record<string, unknown>>;
  status: Generated<'draft' | 'submitted' | 'withdrawn'>;
  screening: 'eligible' | 'ineligible' | null;
  screening_reason: string | null;
  screened_by: string | null;
  screened_at: MaybeTime;
  eoi_outcome: 'invite' | 'not_invited' | null;
  decision: 'fund' | 'reject' | 'reserve' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: MaybeTime;
  letter_sent_at: MaybeTime;
  extended_until: MaybeTime;
  extension_reason: string | null;
  extended_by: string | null;
  is_example: Generated<boolean>;
  version: Generated<number>;
  submitted_at: MaybeTime;
  withdrawn_at: MaybeTime;
  created_at: Created;
  updated_at: Created;
}

export interface ApplicationTeamTable {
  application_id: string;
  position: number;
  role: 'lead' | 'co_lead' | 'co_applicant' | 'researcher' | 'partner';
  profile_id: string | null;
  user_id: string | null;
  name: string;
  email: string | null;
  orcid: string | null;
  organisation_id: string | null;
  organisation_name: Generated<string>;
  confirmation: 'confirmed' | 'pending' | 'invited' | 'declined';
  invite_digest: string | null;
  invited_at: MaybeTime;
  responded_at: MaybeTime;
}

export interface ApplicationFilesTable {
  id: Id;
  application_id: string;
  question_id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  created_at: Created;
}

export interface ReviewersTable {
  user_id: string;
  expertise: Generated<string>;
  organisation_name: Generated<string>;
  capacity: Generated<number>;
  external: Generated<boolean>;
  active: Generated<boolean>;
  invited_by: string | null;
  created_at: Created;
  updated_at: Created;
}

export interface ReviewerTermsTable {
  user_id: string;
  taxonomy: string;
  code: string;
}

export interface DeclaredRelationsTable {
  id: Id;
  user_id: string;
  kind: 'personal' | 'supervisory' | 'collaboration' | 'employment' | 'other';
  profile_id: string | null;
  name: string | null;
  orcid: string | null;
  email: string | null;
  note: Generated<string>;
  created_at: Created;
}

export interface ConflictsTable {
  id: Id;
  application_id: string;
  reviewer_id: string;
  source: 'declared' | 'organisation' | 'coauthorship' | 'relation' | 'manager' | 'applicant';
  reason: string;
  evidence: Json<unknown> | null;
  created_by: string | null;
  created_at: Created;
}

export interface AssignmentsTable {
  id: Id;
  application_id: string;
  reviewer_id: string;
  status: 'invited' | 'accepted' | 'declined' | 'submitted' | 'revoked';
  affinity: number | null;
  reasons: Json<unknown[]>;
  source: 'solver' | 'manual';
  assigned_by: string | null;
  assigned_at: Created;
  responded_at: MaybeTime;
  decline_reason: string | null;
  due_at: MaybeTime;
  reminded_at: MaybeTime;
}

export interface ReviewsTable {
  assignment_id: string;
  scores: Json<Record<string, number>>;
  comments_applicant: Generated<string>;
  comments_panel: Generated<string>;
  confidence: number | null;
  status: Generated<'draft' | 'submitted'>;
  version: Generated<number>;
  submitted_at: MaybeTime;
  updated_at: Created;
}

export interface PanelNotesTable {
  id: Id;
  application_id: string;
  author_id: string | null;
  note: string;
  created_at: Created;
}

export interface AwardsTable {
  id: Id;
  application_id: string | null;
  call_id: string;
  reference: string;
  title: string;
  holder_id: string | null;
  amount: number;
  start_date: DateText;
  end_date: DateText;
  status: Generated<'active' | 'completed' | 'terminated'>;
  is_example: Generated<boolean>;
  created_at: Created;
  updated_at: Created;
}

export interface AwardTeamTable {
  award_id: string;
  position: number;
  role: string;
  profile_id: string | null;
  name: string;
  orcid: string | null;
  organisation_id: string | null;
  organisation_name: Generated<string>;
}

export interface AwardBudgetLinesTable {
  award_id: string;
  position: number;
  category: string;
  amount: number;
}

export interface AwardMilestonesTable {
  id: Id;
  award_id: string;
  title: string;
  due_on: DateText;
  done_on: MaybeTimeText;
}

export interface AwardReportsTable {
  id: Id;
  award_id: string;
  kind: 'interim' | 'final';
  due_on: DateText;
  status: Generated<'due' | 'submitted' | 'accepted' | 'returned'>;
  form_version: number | null;
  answers: Json<Record<string, unknown>>;
  submitted_at: MaybeTime;
  reviewed_by: string | null;
  reviewed_at: MaybeTime;
  review_note: string | null;
  reminded_at: MaybeTime;
  version: Generated<number>;
}

export interface OutcomesTable {
  id: Id;
  award_id: string;
  type: string;
  title: string;
  description: Generated<string>;
  year: number | null;
  details: Json<Record<string, unknown>>;
  library_item_id: string | null;
  is_example: Generated<boolean>;
  created_by: string | null;
  created_at: Created;
  updated_at: Created;
}

export interface ProgrammeStateTable {
  id: Generated<boolean>;
  version: number;
}

export interface EventTypesTable {
  code: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  builtin: Generated<boolean>;
}

export interface EventsTable {
  id: Generated<string>;
  slug: string;
  type: string;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  starts_at: Date;
  ends_at: Date;
  timezone: Generated<string>;
  format: 'in_person' | 'online' | 'hybrid';
  venue_name: string | null;
  venue_address: string | null;
  region: string | null;
  online_url: string | null;
  capacity: number | null;
  registration: 'open' | 'moderated' | 'invitation' | 'none';
  registration_closes_at: MaybeTime;
  questions: ColumnType<unknown[], string | unknown[] | undefined, string | unknown[]>;
  feedback_questions: ColumnType<unknown[], string | unknown[] | undefined, string | unknown[]>;
  state: 'draft' | 'published' | 'cancelled';
  sequence: Generated<number>;
  is_example: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventTermsTable {
  event_id: string;
  taxonomy: 'theme' | 'technology' | 'sector';
  code: string;
}

export interface EventOrganisersTable {
  event_id: string;
  user_id: string;
}

export interface EventSessionsTable {
  id: Generated<string>;
  event_id: string;
  position: number;
  title: string;
  description: Generated<string>;
  starts_at: Date;
  ends_at: Date;
  location: Generated<string>;
  speakers: Json<unknown[]>;
}

export interface EventOutputsTable {
  event_id: string;
  library_item_id: string;
  kind: 'recording' | 'slides' | 'output';
}

export interface ContactsTable {
  id: Generated<string>;
  user_id: string | null;
  name: string;
  email: string;
  organisation: Generated<string>;
  sector: string | null;
  size_band: 'micro' | 'small' | 'medium' | 'large' | null;
  region: string | null;
  stakeholder_type: 'industry' | 'academia' | 'policy' | 'intermediary' | 'third_sector' | null;
  source: 'event_registration' | 'import' | 'sign_up' | 'manual' | 'member';
  digest_frequency: Generated<'none' | 'weekly' | 'monthly'>;
  tracking: Generated<boolean>;
  /** Changing it revokes every link signed for the contact (preferences, unsubscribe, consultations). */
  link_nonce: string;
  last_active_at: Timestamp;
  is_example: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactInterestsTable {
  contact_id: string;
  taxonomy: 'theme' | 'technology';
  code: string;
}

export interface ConsentsTable {
  id: Generated<string>;
  contact_id: string;
  purpose: 'digests' | 'consultations' | 'research' | 'partners';
  wording: string;
  wording_version: number;
  source: string;
  given_at: Date;
  withdrawn_at: MaybeTime;
  withdrawn_source: string | null;
}

export interface SegmentsTable {
  id: Generated<string>;
  name: string;
  filter: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegistrationsTable {
  id: Generated<string>;
  event_id: string;
  user_id: string | null;
  contact_id: string | null;
  name: string;
  email: string;
  organisation: Generated<string>;
  sector: string | null;
  region: string | null;
  status: 'unverified' | 'invited' | 'pending' | 'confirmed' | 'waitlisted' | 'declined' | 'cancelled';
  answers: Json<Record<string, unknown>>;
  checkin_code: string;
  waitlisted_at: MaybeTime;
  confirmed_at: MaybeTime;
  cancelled_at: MaybeTime;
  checked_in_at: MaybeTime;
  reminded_7d_at: MaybeTime;
  reminded_1d_at: MaybeTime;
  feedback: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  feedback_at: MaybeTime;
  feedback_requested_at: MaybeTime;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  revoked_at: MaybeTime;
}

export interface DigestSendsTable {
  contact_id: string;
  period: string;
  frequency: 'weekly' | 'monthly';
  items: number;
  sent_at: Timestamp;
  opened_at: MaybeTime;
}

export interface EmailConfirmationsTable {
  token_hash: string;
  purpose: 'sign_up' | 'registration' | 'response';
  email: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Date;
  used_at: MaybeTime;
}

export interface ConsultationsTable {
  id: Generated<string>;
  slug: string;
  kind: 'draft_call' | 'research_agenda' | 'briefing';
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  questions: Json<unknown[]>;
  closes_at: Date;
  public_responses: Generated<boolean>;
  state: 'draft' | 'published';
  published_at: MaybeTime;
  what_we_heard: string | null;
  what_we_heard_at: MaybeTime;
  is_example: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultationFilesTable {
  id: Generated<string>;
  consultation_id: string;
  filename: string;
  media_type: string;
  size: number;
  storage_key: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface ConsultationInvitationsTable {
  consultation_id: string;
  contact_id: string;
  sent_at: Timestamp;
}

export interface ConsultationResponsesTable {
  id: Generated<string>;
  consultation_id: string;
  respondent: 'member' | 'contact' | 'public';
  user_id: string | null;
  contact_id: string | null;
  email: string | null;
  stakeholder_type: string | null;
  sector: string | null;
  region: string | null;
  answers: Json<Record<string, unknown>>;
  submitted_at: Timestamp;
}

export interface EventsStateTable {
  id: Generated<boolean>;
  version: number;
}

export interface EngagementRunsTable {
  job: string;
  period: string;
  ran_at: Timestamp;
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
  programme_mechanisms: ProgrammeMechanismsTable;
  calls: CallsTable;
  call_terms: CallTermsTable;
  call_forms: CallFormsTable;
  call_letters: CallLettersTable;
  sandpit_teams: SandpitTeamsTable;
  applications: ApplicationsTable;
  application_team: ApplicationTeamTable;
  application_files: ApplicationFilesTable;
  reviewers: ReviewersTable;
  reviewer_terms: ReviewerTermsTable;
  declared_relations: DeclaredRelationsTable;
  conflicts: ConflictsTable;
  assignments: AssignmentsTable;
  reviews: ReviewsTable;
  panel_notes: PanelNotesTable;
  awards: AwardsTable;
  award_team: AwardTeamTable;
  award_budget_lines: AwardBudgetLinesTable;
  award_milestones: AwardMilestonesTable;
  award_reports: AwardReportsTable;
  outcomes: OutcomesTable;
  programme_state: ProgrammeStateTable;
  event_types: EventTypesTable;
  events: EventsTable;
  event_terms: EventTermsTable;
  event_organisers: EventOrganisersTable;
  event_sessions: EventSessionsTable;
  event_outputs: EventOutputsTable;
  contacts: ContactsTable;
  contact_interests: ContactInterestsTable;
  consents: ConsentsTable;
  segments: SegmentsTable;
  registrations: RegistrationsTable;
  calendar_feeds: CalendarFeedsTable;
  digest_sends: DigestSendsTable;
  email_confirmations: EmailConfirmationsTable;
  consultations: ConsultationsTable;
  consultation_files: ConsultationFilesTable;
  consultation_invitations: ConsultationInvitationsTable;
  consultation_responses: ConsultationResponsesTable;
  engagement_runs: EngagementRunsTable;
  events_state: EventsStateTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type ProfileRow = Selectable<ProfilesTable>;
