/**
 * `/v1/test/voice`: throwaway test sessions (DESIGN §5). A test session is a session with
 * channel `test`, id `test_<workspace>_<ms>_<n>`, that expires after 3 idle minutes.
 */
import { z } from 'zod';
import { messageSourceSchema } from './text-chat-api.ts';
import { toolMockConfigSchema } from './tool-mock-config.ts';

export const TEST_SESSION_ID_PATTERN = /^test_\d+_\d+_\d+$/;

export const startTestSessionSchema = z
  .object({
    agent_id: z.union([z.string().min(1).max(64), z.number().int().min(1)]).describe('agent_xxxxxxxx or the integer id'),
    /** Replaces the agent's system prompt for this session only. */
    system_prompt: z.string().max(20000).optional(),
    first_message: z.string().max(4000).optional(),
    language: z.string().min(2).max(16).optional(),
    /** Without it every tool call answers `{"skipped":true}`. */
    tool_mock_config: toolMockConfigSchema.optional(),
    /** Initial workflow variables. */
    variables: z.record(z.string(), z.unknown()).optional(),
    /** The workflow version to talk to (a draft too); defaults to the published one, else the latest draft. */
    version: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * `call_id` and `workflow_run_id` name the same session for the calls API and the
 * text-chat API (`/workflow/{agent}/text-chat/sessions/{workflow_run_id}`: streamed
 * replies, rewind, branches), which an API key may use on a test session too.
 */
export const testSessionSchema = z.object({ session_id: z.string(), greeting: z.string(), call_id: z.string(), workflow_run_id: z.number().int() });

/** Loose on purpose: a missing or empty `text` is the documented 400 `text required`. */
export const testMessageRequestSchema = z.object({ text: z.unknown().optional() });

export const testMessageResponseSchema = z.object({
  response: z.string(),
  session_ended: z.boolean(),
  /** The knowledge-base passages the answer rests on, as on text-chat messages. */
  sources: z.array(messageSourceSchema).optional(),
});
export type TestMessageResponse = z.infer<typeof testMessageResponseSchema>;

export const testSessionEndedSchema = z.object({ message: z.literal('Test session ended') });
