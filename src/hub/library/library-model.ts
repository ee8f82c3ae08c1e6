/**
 * The library's vocabulary: constants and types only, no I/O, shared by the server, the CLI and the web app. The
 * shapes the library takes and answers with are in contract.ts.
 */

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
