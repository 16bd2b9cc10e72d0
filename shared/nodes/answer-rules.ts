/** What a visitor's answer must look like: quick-reply choices and typed values (ask, form). */
import { z } from 'zod';

/** A quick-reply choice: a plain label, or a label with a stored value and synonyms. */
export const choiceSchema = z.union([
  z.string().min(1).max(200),
  z
    .object({
      label: z.string().min(1).max(200),
      value: z.string().max(200).optional(),
      synonyms: z.array(z.string().min(1).max(200)).max(50).optional(),
    })
    .strict(),
]);
export type Choice = z.infer<typeof choiceSchema>;

/** The typed values an answer can be checked as. */
export const answerTypeSchema = z.enum(['number', 'email', 'phone', 'date', 'yes_no']);
export type AnswerType = z.infer<typeof answerTypeSchema>;

export const expectSchema = z
  .object({
    pattern: z.string().max(500).optional(),
    type: answerTypeSchema.optional(),
    /** LLM extraction: a description of the value to pull out of the answer. */
    llm: z.string().max(1000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict();
export type Expect = z.infer<typeof expectSchema>;
