/** The digests' contract: the preview a programme manager asks for a segment, and what it answers. */
import { z } from 'zod';

export const DigestPreviewQuery = z
  .object({
    frequency: z.enum(['weekly', 'monthly']).default('weekly'),
    segment: z.string().max(100).optional(),
    contact: z.string().max(100).optional(),
  })
  .strict();

export const DigestPreview = z.object({
  segment: z.string().nullable(),
  description: z.string(),
  period: z.object({ key: z.string(), label: z.string(), start: z.string(), end: z.string() }),
  /** In the segment; of them, consenting to digests; of them, due this frequency's digest. */
  contacts: z.number().int(),
  consenting: z.number().int(),
  due: z.number().int(),
  sampleContact: z.object({ id: z.string(), name: z.string() }).nullable(),
  interests: z.array(z.string()),
  entries: z.number().int(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
  notices: z.array(z.string()),
});
export type DigestPreview = z.infer<typeof DigestPreview>;
