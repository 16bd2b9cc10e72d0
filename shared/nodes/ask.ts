/** `ask`: one question, a validated answer saved to `save_as`, retries, then `on_fail`. */
import { z } from 'zod';
import { choiceSchema, expectSchema } from './answer-rules.ts';
import { agentText, maxRetries, nodeId, variablePath } from './fields.ts';

export const askNodeSchema = z
  .object({
    type: z.literal('ask'),
    text: agentText,
    save_as: variablePath,
    choices: z.array(choiceSchema).min(1).max(20).optional(),
    expect: expectSchema.optional(),
    retry_text: agentText.optional(),
    max_retries: maxRetries,
    next: nodeId,
    on_fail: nodeId.optional(),
  })
  .strict();
export type AskNode = z.infer<typeof askNodeSchema>;
