/**
 * Erasure and retention (issue #19 item 3): erase one call, every call of a verified
 * visitor or of a metadata match, and the workspace's retention period.
 */
import { z } from 'zod';

const metadataValueSchema = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const erasureRequestSchema = z
  .object({
    visitor_id: z.string().min(1).max(256).optional().describe('Erase every call of this verified visitor (the `sub` their site signed)'),
    metadata: z
      .record(z.string().min(1).max(100), metadataValueSchema)
      .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 10, 'metadata must name 1 to 10 keys')
      .optional()
      .describe('Erase every call whose metadata has all of these keys with exactly these values'),
    dry_run: z.boolean().default(false).describe('Only count what would be erased'),
  })
  .strict()
  .refine((r) => (r.visitor_id === undefined) !== (r.metadata === undefined), 'give exactly one of visitor_id and metadata');

/** The call ids an answer lists at most; `matched` counts them all. */
export const MAX_LISTED_CALL_IDS = 1000;

export const erasureResultSchema = z.object({
  dry_run: z.boolean(),
  /** Calls the request matched. */
  matched: z.number().int(),
  /** Calls erased by this request (0 on a dry run). */
  erased: z.number().int(),
  call_ids: z.array(z.string()).describe(`The matched calls (the first ${MAX_LISTED_CALL_IDS})`),
});

export const retentionSchema = z
  .object({
    retention_days: z
      .number()
      .int()
      .min(1)
      .max(36500)
      .nullable()
      .describe('Ended conversations are deleted this many days after they ended; null keeps them'),
  })
  .strict();

export type ErasureRequest = z.output<typeof erasureRequestSchema>;
export type ErasureResult = z.infer<typeof erasureResultSchema>;
