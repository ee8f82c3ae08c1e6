/**
 * The library's vocabulary and the shapes it answers with: constants and types only, no I/O, shared by
 * the server, the CLI and the web app.
 */
import type { FacetCount, TermView } from '../platform/model.js';

export const ITEM_TYPES = {
  research_summary: 'Research summary',
  briefing_paper: 'Briefing paper',
  policy_brief: 'Policy brief',
  systematic_review: 'Systematic review',
  working_paper: 'Working paper',
  journal_article: 'Journal article',
  case_study: 'Case study',
  story: 'Story',
  webinar_recording: 'Webinar recording',
  video: 'Video',
  podcast: 'Podcast',
  dataset: 'Dataset',
  tool: 'Tool or toolkit',
  report: 'Report',
  news: 'News',
  research_project: 'Research project',
} as const;
export type ItemType = keyof typeof ITEM_TYPES;

/** The types that carry an evidence-strength rating: summaries and reviews of research. */
export const RATED_TYPES: readonly ItemType[] = ['research_summary', 'systematic_review'];

/**
 * The evidence-strength rubric, on the 1–5 scale of the Education Endowment Foundation's toolkit
 * ("padlocks"): how much, and how secure, the research behind a summary or review is.
 */
export const EVIDENCE_RUBRIC = {
  1: 'Very limited: a single study or expert opinion, or studies with serious weaknesses',
  2: 'Limited: a few studies, mostly without comparison groups',
  3: 'Moderate: several studies, some with comparison groups; findings broadly consistent',
  4: 'Extensive: many studies, including well-designed comparisons or quasi-experiments, with consistent findings',
  5: 'Very extensive: systematic reviews or several randomised or natural experiments with consistent findings',
} as const;

export const ITEM_STATES = {
  draft: 'Draft',
  submitted: 'Submitted',
  changes_requested: 'Changes requested',
  published: 'Published',
  declined: 'Declined',
  archived: 'Archived',
} as const;
export type ItemState = keyof typeof ITEM_STATES;

export const DECISIONS = ['accept', 'request_changes', 'decline'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The library's facets, in the order the search page shows them. */
export const LIBRARY_FACETS = ['type', 'theme', 'technology', 'sector', 'region', 'audience', 'discipline', 'topic', 'year', 'evidence'] as const;
export type LibraryFacet = (typeof LIBRARY_FACETS)[number];

/** The classification fields of an item, each a taxonomy and a facet. */
export const ITEM_TERMS = {
  themes: 'theme',
  technologies: 'technology',
  sectors: 'sector',
  regions: 'region',
  audiences: 'audience',
  disciplines: 'discipline',
} as const;
export type ItemTermField = keyof typeof ITEM_TERMS;

export interface ItemAuthorView {
  name: string;
  orcid: string | null;
  /** The member's profile, when the author is in the directory. */
  profileId: string | null;
}

export interface AttachmentView {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  url: string;
}

/** An item as a search result or a list entry. */
export interface ItemCard {
  id: string;
  type: ItemType;
  typeLabel: string;
  state: ItemState;
  title: string;
  summary: string;
  authors: string[];
  publishedOn: string | null;
  themes: TermView[];
  evidence: number | null;
  isExample: boolean;
  /** Highlighted fragments (with <mark>) of the title and of the summary or body, for a text search. */
  snippet?: { title: string; text: string };
}

export interface ReviewView {
  decision: Decision;
  reason: string | null;
  reviewer: string | null;
  at: string;
}

export interface ItemView extends Omit<ItemCard, 'authors' | 'snippet'> {
  body: string;
  /** The body as sanitised HTML. */
  bodyHtml: string;
  authors: ItemAuthorView[];
  organisations: { id: string; name: string }[];
  keywords: string[];
  doi: string | null;
  url: string | null;
  licence: string | null;
  evidenceLabel: string | null;
  terms: Record<ItemTermField, TermView[]>;
  related: ItemCard[];
  attachments: AttachmentView[];
  coverUrl: string | null;
  collection: { id: string; slug: string; title: string } | null;
  source: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  reviews: ReviewView[];
  /** Featured on the home page. */
  featured: boolean;
  /** What the viewer may do with it (`feature`: feature it on the home page, or stop). */
  can: { edit: boolean; submit: boolean; review: boolean; archive: boolean; feature: boolean };
}

export interface LibraryResult {
  total: number;
  page: number;
  pageSize: number;
  items: ItemCard[];
  /** Each facet's values with results, the most frequent first, up to the query's `facetLimit` (selected ones always). */
  facets: Record<LibraryFacet, FacetCount[]>;
  /** How many values of each facet have results (more than listed when the limit cut the list). */
  facetSizes: Record<LibraryFacet, number>;
}

export interface VersionSummary {
  version: number;
  state: ItemState;
  editedBy: string | null;
  editedAt: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** For text fields: the line diff, each part added, removed or kept. */
  lines?: { added?: boolean; removed?: boolean; value: string }[];
}

export interface CollectionView {
  id: string;
  slug: string;
  title: string;
  description: string;
  isCommunity: boolean;
  curators: { userId: string; profileId: string | null; name: string }[];
  items: ItemCard[];
  canManage: boolean;
}

export interface SavedSearchView {
  id: string;
  name: string;
  query: Record<string, unknown>;
  createdAt: string;
}
