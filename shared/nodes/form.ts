/**
 * `form`: several fields asked in one message. Each field is checked on its own and saved
 * as a variable; the node asks again for the missing or invalid ones only, until all are
 * in (`next`) or `max_retries` answers added nothing (`on_fail`).
 */
import { z } from 'zod';
import { answerTypeSchema } from './answer-rules.ts';
import { agentText, maxRetries, nodeId, variablePath } from './fields.ts';

export const formFieldSchema = z
  .object({
    /** The field's name: how a visitor can label it (`email: …`) and the variable it is saved to. */
    name: variablePath,
    /** What the re-ask calls it ("your party size"); defaults to the name with spaces for `_`. */
    label: z.string().min(1).max(100).optional(),
    /** What the value is, for LLM extraction. */
    description: z.string().max(1000).optional(),
    /** Checked as `ask`'s `expect.type`; without one any text is taken. */
    type: answerTypeSchema.optional(),
    pattern: z.string().max(500).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Where to save it; defaults to `name`. */
    save_as: variablePath.optional(),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

export const formNodeSchema = z
  .object({
    type: z.literal('form'),
    text: agentText,
    fields: z.array(formFieldSchema).min(1).max(12),
    max_retries: maxRetries,
    next: nodeId,
    on_fail: nodeId.optional(),
  })
  .strict();
export type FormNode = z.infer<typeof formNodeSchema>;
