import { z } from 'zod';

/** One problem with the request: `body.content`, and what is wrong with it. */
export const problemDetailSchema = z.object({ path: z.string(), message: z.string() });

/**
 * Every error the API answers: `{"error":{"code","message"}}` with the HTTP status. A 400
 * for invalid input adds `details`, every problem at its path; `message` lists them too.
 */
export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(problemDetailSchema).optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
