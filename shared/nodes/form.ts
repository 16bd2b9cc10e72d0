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
    name: variablePath.describe('The field\'s name: a visitor may label a value with it ("email: …"), and it is saved under it'),
    /** What the re-ask calls it ("your party size"); defaults to the name with spaces for `_`. */
    label: z.string().min(1).max(100).optional().describe('What the re-ask calls it ("e-mail"); default: the name with spaces for _'),
    /** What the value is, for people reading the workflow: forms read answers without an LLM. */
    description: z.string().max(1000).optional().describe('What the value is, in words (for people reading the workflow)'),
    /** Checked as `ask`'s `expect.type`; without one any text is taken. */
    type: answerTypeSchema.optional(),
    pattern: z.string().max(500).optional().describe('A regular expression (RE2 syntax) the value must match'),
    min: z.number().optional().describe('The smallest number accepted (type number)'),
    max: z.number().optional().describe('The largest number accepted (type number)'),
    /** Where to save it; defaults to `name`. */
    save_as: variablePath.optional().describe('The variable it is saved to (default: name)'),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

export const formNodeSchema = z
  .object({
    type: z.literal('form').describe('form: asks for several fields in one message and re-asks only the missing ones'),
    text: agentText.describe('The request for the fields (markdown, with {{variables}})'),
    fields: z.array(formFieldSchema).min(1).max(12).describe('The values to collect, each checked and saved on its own'),
    max_retries: maxRetries,
    next: nodeId.describe('The node to go to once every field is in'),
    on_fail: nodeId.optional().describe('The node to go to after max_retries answers that added nothing; without one the conversation is handed to a person'),
  })
  .strict();
export type FormNode = z.infer<typeof formNodeSchema>;
