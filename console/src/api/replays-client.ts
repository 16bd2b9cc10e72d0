/**
 * The replays API as the console uses it (#18 item 3): start a replay of recorded
 * conversations against a version, list an agent's replays, read one with its
 * per-conversation results — each answer parsed with the shared schemas.
 */
import { replayPageSchema, replaySchema, type StartReplayInput } from '../../../shared/api/replays-api.ts';
import type { HttpClient } from './http-client.ts';

export function createReplaysClient(http: HttpClient) {
  const replaysPath = (agentId: string) => `/v1/agents/${encodeURIComponent(agentId)}/replays`;
  return {
    /** Queues a replay; the answer is the queued replay with its chosen conversations pending. */
    start: (agentId: string, body: StartReplayInput) => http.post(replaysPath(agentId), body, replaySchema),
    /** The agent's newest replays (one page), with their summaries but not their conversations. */
    list: (agentId: string, limit = 50) => http.get(`${replaysPath(agentId)}?limit=${limit}`, replayPageSchema),
    get: (agentId: string, replayId: string) => http.get(`${replaysPath(agentId)}/${encodeURIComponent(replayId)}`, replaySchema),
  };
}

export type ReplaysClient = ReturnType<typeof createReplaysClient>;
