/** The browser side of the API: JSON in and out, the CSRF header on writes, one error type. */
export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details?.issues ?? []);
  }
  return data as T;
}

/** Sends a file as the request body (the server reads its type from the bytes, not from this header). */
export async function upload<T>(path: string, file: File): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api${path}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? res.statusText, e.details?.issues ?? []);
  }
  return data as T;
}

export const get = <T,>(path: string) => api<T>('GET', path);
export const post = <T,>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T,>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T,>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const del = <T,>(path: string) => api<T>('DELETE', path);

/** The hub's answers: one definition each, the zod schemas of each feature's contract (src/hub/<feature>/contract.ts). */
export type { SessionView as Session, OutboxMessage, UserSummary } from '../../src/hub/accounts/contract.js';
export type {
  AffiliationView as Affiliation,
  DirectoryResult,
  NetworkSummary,
  OrganisationCard,
  OrganisationPage,
  OrganisationResult,
  OrganisationView as Organisation,
  MemberCard,
  ProfileView as Profile,
} from '../../src/hub/directory/contract.js';
export type { AuditRecord, FacetCount, Page, ProfileField } from '../../src/hub/platform/model.js';
export type { EditableTerm, Term, TaxonomiesView as Taxonomies } from '../../src/hub/taxonomy/contract.js';

export type { ItemState, ItemType, LibraryFacet } from '../../src/hub/library/library-model.js';
export type {
  AttachmentView as Attachment,
  CollectionSummary,
  CollectionView,
  FieldChange,
  ItemCard,
  ItemView,
  LibraryResult,
  SavedSearchView,
  VersionSummary,
  Vocabulary,
} from '../../src/hub/library/contract.js';
export type {
  ApplicationCard,
  ApplicationFileView,
  ApplicationView,
  AssignmentProposal,
  AssignmentView,
  AwardCard,
  AwardView,
  CallCard,
  CallOverview,
  CallView,
  ConflictView,
  FormView,
  MechanismView,
  OutcomeView,
  PanelRow,
  PanelView,
  PortfolioView,
  ProgrammeVocabulary,
  ReportView,
  ReviewerView,
  ReviewForm,
  SandpitView,
  SubmissionCheck,
} from '../../src/hub/programmes/contract.js';
export type { Question, TeamMember, BudgetLine } from '../../src/hub/programmes/forms.js';
export type { SurveyQuestion } from '../../src/hub/platform/questionnaire.js';
export type { AttendeeView, EventCard, EventReport, EventView, MyRegistration, ZonedTime } from '../../src/hub/events/contract.js';
export type { ContactCard, ContactView, ImportReport, SegmentView } from '../../src/hub/stakeholders/contract.js';
export type { DigestPreview } from '../../src/hub/digests/contract.js';
export type { ConsultationCard, ConsultationResults, ConsultationView } from '../../src/hub/consultations/contract.js';
