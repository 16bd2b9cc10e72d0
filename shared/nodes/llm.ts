/** `llm`: a free conversation with the model, its tools and its exits. */
import { z } from 'zod';
import { agentText, nodeId } from './fields.ts';

export const llmNodeSchema = z
  .object({
    type: z.literal('llm'),
    prompt: z.string().max(20000),
    tools: z.array(z.string().min(1)).max(32).default([]),
    exits: z
      .array(z.object({ when: z.string().min(1).max(500), to: nodeId, name: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/).optional() }).strict())
      .max(16)
      .default([]),
    max_turns: z.number().int().min(1).max(200).default(20),
    /** Where to go once `max_turns` user turns have passed; defaults to the first exit. */
    on_max_turns: nodeId.optional(),
    /** What the node answers when no LLM is configured or it fails. */
    fallback: agentText.optional(),
    /**
     * Quick replies offered with the fallback, so a visitor is never left with a dead end:
     * e.g. `["Talk to a person"]`, with an interrupt matching "person" that transfers.
     */
    fallback_choices: z.array(z.string().min(1).max(200)).min(1).max(10).optional(),
    on_error: nodeId.optional(),
  })
  .strict();
export type LlmNode = z.infer<typeof llmNodeSchema>;
