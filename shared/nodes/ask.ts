/** `ask`: one question, a validated answer saved to `save_as`, retries, then `on_fail`. */
import { z } from 'zod';
import { choiceSchema, expectSchema } from './answer-rules.ts';
import { agentText, maxRetries, nodeId, variablePath } from './fields.ts';

export const askNodeSchema = z
  .object({
    type: z.literal('ask').describe('ask: asks a question, waits, checks the answer and saves it'),
    text: agentText.describe('The question (markdown, with {{variables}})'),
    save_as: variablePath.describe('The variable the accepted answer is saved to'),
    choices: z.array(choiceSchema).min(1).max(20).optional().describe('Quick replies; the answer must name one (label, value or synonym, found as words in it)'),
    expect: expectSchema.optional(),
    retry_text: agentText.optional().describe('Said instead of the question after an answer that is not accepted (default: "Sorry, I didn\'t catch that. " + the question)'),
    max_retries: maxRetries,
    next: nodeId.describe('The node to go to once an answer is accepted'),
    on_fail: nodeId.optional().describe('The node to go to after max_retries failed answers; without one the conversation is handed to a person'),
  })
  .strict();
export type AskNode = z.infer<typeof askNodeSchema>;
