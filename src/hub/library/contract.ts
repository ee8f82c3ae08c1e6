/**
 * The library's contract: what its routes take (items, reviews, collections, searches, followed searches) and answer
 * (item cards and pages, search results, versions and their differences, collections, files), as zod schemas shared
 * by the services, the routes (and so the OpenAPI document) and the web app's types. The vocabulary itself (item
 * types, states, facets, the evidence rubric) is in library-model.ts.
 */
import { z } from 'zod';
import { FacetCountsOf, TEXT_LIMITS, TermView } from '../platform/model.js';
import { displayName, facetValues, httpUrl, isoDate, orcid, regionCode } from '../platform/validate.js';
import { DECISIONS, ITEM_STATES, ITEM_TERMS, ITEM_TYPES, LIBRARY_FACETS, type ItemState, type ItemTermField, type ItemType, type LibraryFacet } from './library-model.js';

const typeKeys = Object.keys(ITEM_TYPES) as [ItemType, ...ItemType[]];
const stateKeys = Object.keys(ITEM_STATES) as [ItemState, ...ItemState[]];
const uuid = z.uuid({ message: 'is not an id' });
const codes = z.array(z.string().trim().min(1).max(80)).max(30).optional();

// requests

/**
 * A DOI: `10.` + a registrant code of 4–9 digits + `/` + a suffix without spaces (Crossref's pattern);
 * `https://doi.org/…` and `doi:` prefixes are accepted and dropped.
 */
export const doi = z
  .string()
  .trim()
  .transform((s) => s.replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, ''))
  .refine((s) => /^10\.\d{4,9}\/\S+$/.test(s), 'is not a DOI (10.1234/…)');

const AuthorInput = z
  .object({
    name: displayName(TEXT_LIMITS.personName),
    orcid: orcid.nullable().optional(),
    profileId: uuid.nullable().optional(),
  })
  .strict();

/** The fields of an item as its authors and curators write them. */
export const ItemInput = z
  .object({
    type: z.enum(typeKeys, { message: `must be one of ${typeKeys.join(', ')}` }),
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.title),
    summary: z.string().trim().min(1, 'is required: a plain-language summary').max(TEXT_LIMITS.summary),
    body: z.string().max(TEXT_LIMITS.body).optional(),
    authors: z.array(AuthorInput).max(100).optional(),
    organisationIds: z.array(uuid).max(50).optional(),
    keywords: z.array(z.string().trim().min(1).max(TEXT_LIMITS.keyword)).max(40).optional(),
    publishedOn: isoDate.nullable().optional(),
    doi: doi.nullable().optional(),
    url: httpUrl.nullable().optional(),
    licence: z.string().trim().max(TEXT_LIMITS.licence).nullable().optional(),
    evidence: z.number().int().min(1).max(5).nullable().optional(),
    themes: codes,
    technologies: codes,
    sectors: codes,
    regions: z.array(regionCode.pipe(z.string().min(1))).max(30).optional(),
    audiences: codes,
    disciplines: codes,
    relatedIds: z.array(uuid).max(30).optional(),
    collectionId: uuid.nullable().optional(),
    coverId: uuid.nullable().optional(),
  })
  .strict();
export type ItemInput = z.output<typeof ItemInput>;
/** An item's edit (a new version): only the fields it names change. */
export const ItemPatch = ItemInput.partial().strict();

/** A curator's decision on a submitted item. */
export const ReviewInput = z
  .object({
    decision: z.enum(DECISIONS, { message: `must be one of ${DECISIONS.join(', ')}` }),
    reason: z.string().trim().max(TEXT_LIMITS.reason).optional(),
  })
  .strict();

export const CollectionInput = z
  .object({
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be 2–80 lower-case letters, digits or hyphens'),
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.collectionTitle),
    description: z.string().trim().max(TEXT_LIMITS.description).optional(),
    isCommunity: z.boolean().optional(),
    /** Users who curate this collection (besides the library's curators)… */
    curatorIds: z.array(uuid).max(50).optional(),
    /** …or the same named by their member profiles (the directory's ids, as the web app picks them). */
    curatorProfileIds: z.array(uuid).max(50).optional(),
    /** The items, in order. */
    itemIds: z.array(uuid).max(1000).optional(),
  })
  .strict();
/** A collection's edit: only the fields it names change. */
export const CollectionPatch = CollectionInput.partial().strict();

export const LibraryQuery = z
  .object({
    q: z.string().trim().max(TEXT_LIMITS.query).optional(),
    ...(Object.fromEntries(LIBRARY_FACETS.map((f) => [f, facetValues])) as Record<LibraryFacet, typeof facetValues>),
    sort: z.enum(['relevance', 'newest', 'oldest']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).optional(),
    /** Values listed per facet (the most frequent first; selected ones always); `facetSizes` tells how many there are. */
    facetLimit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type LibraryQuery = z.input<typeof LibraryQuery>;

/** A search a member follows: its name and its query (without paging). */
export const SavedSearchInput = z
  .object({ name: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.searchName), query: LibraryQuery.omit({ page: true, pageSize: true, facetLimit: true }) })
  .strict();

// answers

/** Item types, states, facets, term fields and the evidence rubric, as the forms and the search page use them. */
export const Vocabulary = z.object({
  types: z.array(TermView),
  states: z.array(TermView),
  ratedTypes: z.array(z.enum(typeKeys)),
  evidenceRubric: z.array(z.object({ level: z.number().int(), text: z.string() })),
  facets: z.array(z.enum(LIBRARY_FACETS)),
  termFields: z.object(Object.fromEntries(Object.keys(ITEM_TERMS).map((k) => [k, z.string()])) as Record<ItemTermField, z.ZodString>),
});
export type Vocabulary = z.infer<typeof Vocabulary>;

export const ItemAuthorView = z.object({
  name: z.string(),
  orcid: z.string().nullable(),
  /** The member's profile, when the author is in the directory. */
  profileId: z.string().nullable(),
});
export type ItemAuthorView = z.infer<typeof ItemAuthorView>;

export const AttachmentView = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number().int(), url: z.string() });
export type AttachmentView = z.infer<typeof AttachmentView>;

/** An item as a search result or a list entry. */
export const ItemCard = z.object({
  id: z.string(),
  type: z.enum(typeKeys),
  typeLabel: z.string(),
  state: z.enum(stateKeys),
  title: z.string(),
  summary: z.string(),
  authors: z.array(z.string()),
  publishedOn: z.string().nullable(),
  themes: z.array(TermView),
  evidence: z.number().int().nullable(),
  isExample: z.boolean(),
  /** Highlighted fragments (with <mark>) of the title and of the summary or body, for a text search. */
  snippet: z.object({ title: z.string(), text: z.string() }).optional(),
});
export type ItemCard = z.infer<typeof ItemCard>;

export const ReviewView = z.object({ decision: z.enum(DECISIONS), reason: z.string().nullable(), reviewer: z.string().nullable(), at: z.string() });
export type ReviewView = z.infer<typeof ReviewView>;

/** An item's page: every field, its versions' state, its reviews, and what the viewer may do with it. */
export const ItemView = ItemCard.omit({ authors: true, snippet: true }).extend({
  body: z.string(),
  /** The body as sanitised HTML. */
  bodyHtml: z.string(),
  authors: z.array(ItemAuthorView),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
  keywords: z.array(z.string()),
  doi: z.string().nullable(),
  url: z.string().nullable(),
  licence: z.string().nullable(),
  evidenceLabel: z.string().nullable(),
  terms: z.object(Object.fromEntries(Object.keys(ITEM_TERMS).map((k) => [k, z.array(TermView)])) as Record<ItemTermField, z.ZodArray<typeof TermView>>),
  related: z.array(ItemCard),
  attachments: z.array(AttachmentView),
  coverUrl: z.string().nullable(),
  collection: z.object({ id: z.string(), slug: z.string(), title: z.string() }).nullable(),
  source: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  reviews: z.array(ReviewView),
  /** Featured on the home page. */
  featured: z.boolean(),
  /** What the viewer may do with it (`feature`: feature it on the home page, or stop). */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), review: z.boolean(), archive: z.boolean(), feature: z.boolean() }),
});
export type ItemView = z.infer<typeof ItemView>;

export const LibraryResult = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ItemCard),
  /** Each facet's values with results, the most frequent first, up to the query's `facetLimit` (selected ones always). */
  facets: FacetCountsOf(LIBRARY_FACETS),
  /** How many values of each facet have results (more than listed when the limit cut the list). */
  facetSizes: z.object(Object.fromEntries(LIBRARY_FACETS.map((f) => [f, z.number().int()])) as Record<LibraryFacet, z.ZodNumber>),
});
export type LibraryResult = z.infer<typeof LibraryResult>;

export const VersionSummary = z.object({ version: z.number().int(), state: z.enum(stateKeys), editedBy: z.string().nullable(), editedAt: z.string() });
export type VersionSummary = z.infer<typeof VersionSummary>;

export const FieldChange = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  /** For text fields: the line diff, each part added, removed or kept. */
  lines: z.array(z.object({ added: z.boolean().optional(), removed: z.boolean().optional(), value: z.string() })).optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

/** What changed between two versions of an item. */
export const VersionComparison = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(FieldChange) });
export type VersionComparison = z.infer<typeof VersionComparison>;

/** A collection (or community) in the list of them, with how many items it holds. */
export const CollectionSummary = z.object({ id: z.string(), slug: z.string(), title: z.string(), description: z.string(), isCommunity: z.boolean(), items: z.number().int() });
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const CollectionView = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  isCommunity: z.boolean(),
  curators: z.array(z.object({ userId: z.string(), profileId: z.string().nullable(), name: z.string() })),
  items: z.array(ItemCard),
  canManage: z.boolean(),
});
export type CollectionView = z.infer<typeof CollectionView>;

export const SavedSearchView = z.object({ id: z.string(), name: z.string(), query: z.record(z.string(), z.unknown()), createdAt: z.string() });
export type SavedSearchView = z.infer<typeof SavedSearchView>;
