/**
 * What the playground calls: a test session (`/v1/test/voice`: version, overrides, tool
 * mocks, initial variables), then the same session on the text-chat API by its
 * `workflow_run_id` — replies streamed over SSE, rewind from any branch, any branch read,
 * each agent message with its turn and state. "Save as test" posts to the agent's tests.
 */
import { z } from 'zod';
import type { CreateTestInput } from '../../../shared/api/agent-tests-api.ts';
import { startTestSessionSchema, testSessionSchema } from '../../../shared/api/test-sessions-api.ts';
import { assistantReplySchema, runSchema, type AssistantReply } from '../../../shared/api/text-chat-api.ts';
import { readSse } from '../../../shared/sse-reader.ts';
import { ApiError, type HttpClient } from '../api/http-client.ts';

export type StartTestSession = z.input<typeof startTestSessionSchema>;

/**
 * Of a saved test, what the playground reads. Not the shared `agentTestSchema`: it checks
 * regex checks on the linear-time engine (re2js), four times the playground's own size.
 */
const savedTestSchema = z.looseObject({ id: z.string(), name: z.string() });

const streamErrorSchema = z.object({ code: z.string(), message: z.string(), status: z.number().optional() });

export function createChatClient(http: HttpClient, agentId: string) {
  const runPath = (runId: number) => `/workflow/${encodeURIComponent(agentId)}/text-chat/sessions/${runId}`;
  return {
    start: (body: StartTestSession) => http.post('/v1/test/voice', body, testSessionSchema),
    /** The run on its current branch, or on `branch`. */
    run: (runId: number, branch?: string) => http.get(`${runPath(runId)}${branch ? `?branch=${encodeURIComponent(branch)}` : ''}`, runSchema),
    /** Back to a message of `branch` (the current branch when absent): a new branch continues from it. */
    rewind: (runId: number, messageIndex: number, branch?: string) =>
      http.post(`${runPath(runId)}/rewind`, { message_index: messageIndex, ...(branch ? { branch_id: branch } : {}) }, runSchema),
    saveTest: (body: CreateTestInput) => http.post(`/v1/agents/${encodeURIComponent(agentId)}/tests`, body, savedTestSchema),
    end: (sessionId: string) => http.write('DELETE', `/v1/test/voice/${encodeURIComponent(sessionId)}`),

    /**
     * Sends a message and reads the reply as it streams: `onDelta` gets each chunk of
     * text, the promise the final message (or the error the stream reported).
     */
    async send(runId: number, content: string, onDelta: (text: string) => void, signal?: AbortSignal): Promise<AssistantReply> {
      const response = await http.send('POST', `${runPath(runId)}/messages`, { body: { content }, accept: 'text/event-stream', signal });
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) return assistantReplySchema.parse(await response.json());
      if (!response.body) throw new ApiError(response.status, 'invalid_response', 'The reply stream has no body.');
      for await (const event of readSse(response.body, signal)) {
        if (event.event === 'delta') onDelta(z.object({ text: z.string() }).parse(JSON.parse(event.data)).text);
        else if (event.event === 'message') return assistantReplySchema.parse(JSON.parse(event.data));
        else if (event.event === 'error') {
          const error = streamErrorSchema.parse(JSON.parse(event.data));
          throw new ApiError(error.status ?? 500, error.code, error.message);
        }
      }
      throw new ApiError(0, 'stream_ended', 'The reply stream ended before the message.');
    },
  };
}

export type ChatClient = ReturnType<typeof createChatClient>;
