/** `say`: sends `text`, continues to `next`. */
import { z } from 'zod';
import { agentText, nodeId } from './fields.ts';

export const sayNodeSchema = z.object({ type: z.literal('say'), text: agentText, next: nodeId }).strict();
export type SayNode = z.infer<typeof sayNodeSchema>;
