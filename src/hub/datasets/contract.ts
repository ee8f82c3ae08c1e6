/**
 * The data sets' contract: what the API takes and answers, as zod schemas shared by the service, the routes (and so the
 * OpenAPI document) and the web app's types.
 */
import { z } from 'zod';
import { VISIBILITY_LEVELS } from '../platform/access.js';

export const DATASET_KINDS = ['regions', 'records'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];
export const DATASET_FILE_ROLES = ['data', 'labels', 'hierarchy', 'population'] as const;
export type DatasetFileRole = (typeof DATASET_FILE_ROLES)[number];

/** The record formats an upload may name (detected when absent), as `proximity networks import` reads them. */
export const RECORD_FORMATS = ['wos', 'bibtex', 'scopus', 'openalex', 'lens', 'dimensions', 'pubmed', 'gtr', 'csv'] as const;

const column = z.string().trim().min(1).max(100);

/** How a table is read: the CLI's column flags, and the level of nested codes to keep. */
export const DatasetOptions = z.strictObject({
  regionCol: column.optional(),
  activityCol: column.optional(),
  valueCol: column.optional(),
  yearCol: column.optional(),
  level: column.optional(),
  /** The hierarchy file's column whose groups make related variety and name clusters. */
  hierarchyLevel: column.optional(),
  /** Records: the export's format (detected when absent). */
  format: z.enum(RECORD_FORMATS).optional(),
});
export type DatasetOptions = z.infer<typeof DatasetOptions>;

/** A file of an upload: its role, its name as the uploader has it, and its bytes in base64. */
export const DatasetFileUpload = z.strictObject({
  role: z.enum(DATASET_FILE_ROLES),
  filename: z.string().min(1).max(300),
  content: z.base64().max(40_000_000, 'is over the upload limit'),
});

/** The fields a data set's owner writes (no defaults: an edit changes only what it names). */
export const DatasetFields = z.strictObject({
  title: z.string().trim().min(1, 'is required').max(300),
  source: z.string().trim().max(1000),
  licence: z.string().trim().max(200),
  description: z.string().trim().max(5000),
  visibility: z.enum(VISIBILITY_LEVELS),
});

export const DatasetUpload = DatasetFields.extend({
  source: DatasetFields.shape.source.default(''),
  licence: DatasetFields.shape.licence.default(''),
  description: DatasetFields.shape.description.default(''),
  visibility: DatasetFields.shape.visibility.default('private'),
  kind: z.enum(DATASET_KINDS),
  options: DatasetOptions.default({}),
  files: z.array(DatasetFileUpload).min(1, 'needs the data file').max(12),
});
export type DatasetUpload = z.input<typeof DatasetUpload>;

/** A new version: new files (and options), the metadata kept. */
export const DatasetVersionUpload = z.strictObject({ options: DatasetOptions.default({}), files: DatasetUpload.shape.files });
export type DatasetVersionUpload = z.input<typeof DatasetVersionUpload>;

export const DatasetPatch = DatasetFields.partial().strict();
export type DatasetPatch = z.input<typeof DatasetPatch>;

/** What a data set holds, found when it was read: its size and periods, or its records. */
export const DatasetSummary = z.object({
  regions: z.number().int().optional(),
  activities: z.number().int().optional(),
  years: z.array(z.string()).optional(),
  actors: z.number().int().optional(),
  participations: z.number().int().optional(),
  labels: z.boolean().optional(),
  hierarchy: z.string().optional(),
  notices: z.array(z.string()).default([]),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const DatasetView = z.object({
  id: z.string(),
  slug: z.string(),
  kind: z.enum(DATASET_KINDS),
  title: z.string(),
  source: z.string(),
  licence: z.string(),
  description: z.string(),
  visibility: z.enum(VISIBILITY_LEVELS),
  version: z.number().int(),
  /** Shipped with Proximity (read from data/) or built from the hub's own data, rather than uploaded. */
  builtin: z.boolean(),
  ownerId: z.string().nullable(),
  options: DatasetOptions,
  summary: DatasetSummary,
  files: z.array(z.object({ role: z.enum(DATASET_FILE_ROLES), filename: z.string(), size: z.number().int() })),
  updatedAt: z.string(),
  /** The viewer may edit it, upload a new version or delete it. */
  canEdit: z.boolean(),
});
export type DatasetView = z.infer<typeof DatasetView>;

export const DatasetList = z.object({ items: z.array(DatasetView) });
export type DatasetList = z.infer<typeof DatasetList>;
