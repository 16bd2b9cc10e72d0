/** `tool`: calls an agent tool with templated `args`, saves the result to `save_as`. */
import { z } from 'zod';
import { agentText, nodeId, variablePath } from './fields.ts';

export const toolNodeSchema = z
  .object({
    type: z.literal('tool'),
    tool: z.string().min(1),
    args: z.record(z.string(), z.unknown()).default({}),
    save_as: variablePath.optional(),
    text: agentText.optional(),
    next: nodeId,
    on_error: nodeId.optional(),
  })
  .strict();
export type ToolNode = z.infer<typeof toolNodeSchema>;
