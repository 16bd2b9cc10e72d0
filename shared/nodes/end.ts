/** `end`: a final text; the session ends. */
import { z } from 'zod';
import { agentText } from './fields.ts';

export const endNodeSchema = z.object({ type: z.literal('end'), text: agentText.optional() }).strict();
export type EndNode = z.infer<typeof endNodeSchema>;
