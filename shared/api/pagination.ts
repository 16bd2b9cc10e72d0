import { z } from 'zod';
import { MAX_ID } from '../ids.ts';

/** A `next_cursor` of a previous page: an id, so it fits the id columns. */
export const idCursorSchema = z
  .string()
  .regex(/^\d{1,10}$/, 'after must be a next_cursor from a previous page')
  .refine((value) => Number(value) <= MAX_ID, 'after must be a next_cursor from a previous page');

/** `?limit=&after=` where `after` is the `next_cursor` of the previous page. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: idCursorSchema.optional(),
});
