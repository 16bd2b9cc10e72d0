/** `tool`: calls an agent tool with templated `args`, saves the result to `save_as`. */
import { z } from 'zod';
import { agentText, nodeId, variablePath } from './fields.ts';

export const toolNodeSchema = z
  .object({
    type: z.literal('tool').describe('tool: calls one of the agent\'s HTTP tools and saves the result'),
    tool: z.string().min(1).describe('The name of a tool in the agent\'s `tools`'),
    args: z.record(z.string(), z.unknown()).default({}).describe('The arguments; strings are templates, and "{{var}}" alone keeps the variable\'s type'),
    save_as: variablePath.optional().describe('The variable the result is saved to'),
    text: agentText.optional().describe('Said after the call succeeds, the result saved (it may quote it)'),
    next: nodeId.describe('The node to go to after a successful call'),
    on_error: nodeId.optional().describe('The node to go to when the call fails; without one the agent apologises and the next message retries the call'),
  })
  .strict();
export type ToolNode = z.infer<typeof toolNodeSchema>;
