import { z } from 'zod';

/** Every error the API answers: `{"error":{"code","message"}}` with the HTTP status. */
export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
