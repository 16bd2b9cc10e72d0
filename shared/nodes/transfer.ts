/** `transfer`: hands the conversation to a human or another agent. */
import { z } from 'zod';
import { agentText } from './fields.ts';

export const transferNodeSchema = z
  .object({
    type: z.literal('transfer'),
    text: agentText.optional(),
    /** `human`, or another agent's id (`agent_…` or its integer id as a string). */
    destination: z.string().min(1).max(64),
  })
  .strict();
export type TransferNode = z.infer<typeof transferNodeSchema>;
