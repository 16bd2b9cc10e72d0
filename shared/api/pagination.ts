import { z } from 'zod';

/** `?limit=&after=` where `after` is the `next_cursor` of the previous page. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().regex(/^\d{1,15}$/, 'after must be a next_cursor from a previous page').optional(),
});
