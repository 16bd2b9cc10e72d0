/** What a visitor's answer must look like: quick-reply choices and typed values (ask, form). */
import { z } from 'zod';

/** A quick-reply choice: a plain label, or a label with a stored value and synonyms. */
export const choiceSchema = z.union([
  z.string().min(1).max(200),
  z
    .object({
      label: z.string().min(1).max(200).describe('The quick-reply button\'s text'),
      value: z.string().max(200).optional().describe('What is saved when this choice is picked (default: the label)'),
      synonyms: z.array(z.string().min(1).max(200)).max(50).optional().describe('Other words that pick this choice when found in the answer'),
    })
    .strict(),
]);
export type Choice = z.infer<typeof choiceSchema>;

/** The typed values an answer can be checked as. */
export const answerTypeSchema = z
  .enum(['number', 'email', 'phone', 'date', 'yes_no'])
  .describe('number (saved as a number), email, phone (digits and +), date (saved as YYYY-MM-DD) or yes_no (saved as true/false)');
export type AnswerType = z.infer<typeof answerTypeSchema>;

export const expectSchema = z
  .object({
    pattern: z.string().max(500).optional().describe('A regular expression (RE2 syntax) the answer must match, e.g. ^\\d{6}$'),
    type: answerTypeSchema.optional(),
    /** LLM extraction: a description of the value to pull out of the answer. */
    llm: z.string().max(1000).optional().describe('Have the LLM extract this value from a free-form answer first, e.g. "the date of the incident"'),
    min: z.number().optional().describe('The smallest number accepted (type number)'),
    max: z.number().optional().describe('The largest number accepted (type number)'),
  })
  .strict()
  .describe('What a valid answer looks like: pattern, type (with min/max), llm extraction');
export type Expect = z.infer<typeof expectSchema>;
