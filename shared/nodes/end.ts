/** `end`: a final text; the session ends. */
import { z } from 'zod';
import { agentText } from './fields.ts';

export const endNodeSchema = z
  .object({
    type: z.literal('end').describe('end: says its text and ends the conversation (ended_reason agent-hangup)'),
    text: agentText.optional().describe('The last words (markdown, with {{variables}})'),
  })
  .strict();
export type EndNode = z.infer<typeof endNodeSchema>;
