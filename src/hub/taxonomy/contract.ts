/**
 * The taxonomies' contract: a curator's term edit, and the reference lists as the API answers them, as zod schemas
 * shared by the service, the routes (and so the OpenAPI document) and the web app's types.
 */
import { z } from 'zod';
import { TEXT_LIMITS, TermView } from '../platform/model.js';

/** A term added, renamed or retired by a curator. */
export const TermInput = z
  .object({
    code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'must be 2–60 lower-case letters, digits or hyphens'),
    label: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.termLabel),
    retired: z.boolean().optional(),
  })
  .strict();

export const Term = z.object({ code: z.string(), label: z.string(), parentCode: z.string().nullable() });
export type Term = z.infer<typeof Term>;

/** A term of an editable taxonomy as the curators' page lists it. */
export const EditableTerm = Term.extend({
  retired: z.boolean(),
  /** Who changed it last: null for a term as the reference file has it. */
  editedBy: z.string().nullable(),
  /** Library items and member profiles that carry it. */
  used: z.number().int(),
});
export type EditableTerm = z.infer<typeof EditableTerm>;

/** A term as a curator saved it. */
export const SavedTerm = Term.extend({ retired: z.boolean() });

/** Every reference list the forms and facets use, with the directory's facets, profile fields and roles. */
export const TaxonomiesView = z.object({
  discipline: z.array(Term),
  sector: z.array(Term),
  region: z.array(Term),
  theme: z.array(Term),
  technology: z.array(Term),
  audience: z.array(Term),
  organisationType: z.array(TermView),
  careerStage: z.array(TermView),
  facets: z.array(z.string()),
  profileFields: z.array(z.string()),
  roles: z.array(z.string()),
});
export type TaxonomiesView = z.infer<typeof TaxonomiesView>;
