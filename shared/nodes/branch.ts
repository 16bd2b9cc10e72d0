/** `branch`: the first case whose condition holds, else `else`. */
import { z } from 'zod';
import { conditionSchema } from './condition.ts';
import { nodeId } from './fields.ts';

export const branchNodeSchema = z
  .object({
    type: z.literal('branch'),
    cases: z.array(z.object({ if: conditionSchema, to: nodeId }).strict()).min(1).max(50),
    else: nodeId,
  })
  .strict();
export type BranchNode = z.infer<typeof branchNodeSchema>;
