/** `transfer`: hands the conversation to a human or another agent. */
import { z } from 'zod';
import { agentText } from './fields.ts';

export const transferNodeSchema = z
  .object({
    type: z.literal('transfer').describe('transfer: says its text and hands the conversation to a person or another agent'),
    text: agentText.optional().describe('Said before the hand-over (markdown, with {{variables}})'),
    /** `human`, or another agent's id (`agent_…` or its integer id as a string). */
    destination: z.string().min(1).max(64).describe('"human", or another agent of the workspace: agent_xxxxxxxx or its integer id'),
  })
  .strict();
export type TransferNode = z.infer<typeof transferNodeSchema>;
