/** `branch`: the first case whose condition holds, else `else`. */
import { z } from 'zod';
import { conditionSchema } from './condition.ts';
import { nodeId } from './fields.ts';

export const branchNodeSchema = z
  .object({
    type: z.literal('branch').describe('branch: goes to the first case whose condition holds, else to `else`'),
    cases: z
      .array(z.object({ if: conditionSchema, to: nodeId.describe('The node to go to when `if` holds') }).strict())
      .min(1)
      .max(50)
      .describe('Tried in order: { "if": condition, "to": node }'),
    else: nodeId.describe('The node to go to when no case holds'),
  })
  .strict();
export type BranchNode = z.infer<typeof branchNodeSchema>;
