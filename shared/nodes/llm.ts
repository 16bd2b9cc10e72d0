/** `llm`: a free conversation with the model, its tools and its exits. */
import { z } from 'zod';
import { knowledgeBaseIdSchema, MAX_AGENT_KNOWLEDGE_BASES } from '../knowledge-base-id.ts';
import { agentText, nodeId } from './fields.ts';

export const llmNodeSchema = z
  .object({
    type: z.literal('llm').describe('llm: a free conversation with the model, which may call tools and take an exit'),
    prompt: z.string().max(20000).describe('Instructions for this part of the conversation, after the agent\'s system prompt (with {{variables}})'),
    tools: z.array(z.string().min(1)).max(32).default([]).describe('Names of agent tools the model may call here'),
    exits: z
      .array(
        z
          .object({
            when: z.string().min(1).max(500).describe('When the model should take this exit, in words ("the claim is filed")'),
            to: nodeId.describe('The node to go to'),
            name: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/).optional().describe('The function name offered to the model is exit_<name> (default: exit_<index>)'),
          })
          .strict(),
      )
      .max(16)
      .default([])
      .describe('Ways out of the conversation, offered to the model as functions'),
    max_turns: z.number().int().min(1).max(200).default(20).describe('User messages the node takes before it leaves by on_max_turns'),
    /** Where to go once `max_turns` user turns have passed; defaults to the first exit. */
    on_max_turns: nodeId.optional().describe('The node to go to after max_turns user messages (default: the first exit\'s node; without exits the node stays)'),
    /** What the node answers when no LLM is configured or it fails. */
    fallback: agentText.optional().describe('What the node answers when no LLM is configured or a request fails'),
    /**
     * Quick replies offered with the fallback, so a visitor is never left with a dead end:
     * e.g. `["Talk to a person"]`, with an interrupt matching "person" that transfers.
     */
    fallback_choices: z.array(z.string().min(1).max(200)).min(1).max(10).optional().describe('Quick replies offered with the fallback, e.g. ["Talk to a person"] with an interrupt that transfers'),
    knowledge_base_ids: z
      .array(knowledgeBaseIdSchema)
      .max(MAX_AGENT_KNOWLEDGE_BASES)
      .optional()
      .describe('Search only these of the agent\'s knowledge bases here (default: all of them); [] searches none'),
    on_error: nodeId.optional().describe('The node to go to when an LLM request fails; without one the node answers its fallback and stays'),
  })
  .strict();
export type LlmNode = z.infer<typeof llmNodeSchema>;
