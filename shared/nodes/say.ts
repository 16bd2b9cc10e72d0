/** `say`: sends `text`, continues to `next`. */
import { z } from 'zod';
import { agentText, nodeId } from './fields.ts';

export const sayNodeSchema = z
  .object({
    type: z.literal('say').describe('say: sends its text and goes straight on to `next`'),
    text: agentText.describe('What the agent says (markdown, with {{variables}})'),
    next: nodeId.describe('The node to go to next'),
  })
  .strict();
export type SayNode = z.infer<typeof sayNodeSchema>;
