/**
 * The text-chat API as the widget calls it: every call goes through the injected
 * `fetch`, checks `response.ok`, and turns error bodies into an `ApiError`.
 */
import type { WidgetConfig } from '../../shared/api/text-chat-api.ts';
import { readConfig, readErrorBody, readReply, readRun, type RunView } from './guards.ts';
import { readSse, type SseEvent } from '../../shared/sse-reader.ts';
import type { FetchLike, ReplyView } from './types.ts';

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` on a 429. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  server: string;
  agent: string;
  fetch: FetchLike;
}

interface Call {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  accept?: string;
  lastEventId?: string | null;
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * @example
 * const api = createApiClient({ server: 'https://chat.example', agent: 'agent_1a2b3c4d', fetch });
 * const run = await api.createSession({ plan: 'gold' });
 */
export function createApiClient(options: ApiClientOptions) {
  const base = `${options.server.replace(/\/+$/, '')}/workflow/${encodeURIComponent(options.agent)}`;
  const sessions = `${base}/text-chat/sessions`;

  async function call(path: string, c: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: c.accept ?? 'application/json' };
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    if (c.token) headers['x-session-token'] = c.token;
    if (c.lastEventId) headers['last-event-id'] = c.lastEventId;
    if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
    let response: Response;
    try {
      response = await options.fetch(path, {
        method: c.method ?? 'GET',
        headers,
        // The widget never relies on cookies, so cross-origin calls need no credentials.
        credentials: 'omit',
        body: c.body === undefined ? null : JSON.stringify(c.body),
        signal: c.signal ?? null,
      });
    } catch (error) {
      if (c.signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : 'Network error');
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  async function json(path: string, c?: Call): Promise<unknown> {
    return bodyOf(await call(path, c));
  }

  const run = (runId: number) => `${sessions}/${runId}`;

  return {
    async widgetConfig(signal?: AbortSignal): Promise<WidgetConfig> {
      return readConfig(await json(`${base}/widget-config`, { signal }));
    },
    /** A new session; or, for a verified visitor, their open one resumed (`resumed`, HTTP 200). */
    async createSession(context: Record<string, unknown> | null, visitor: Record<string, unknown> | null, signal?: AbortSignal): Promise<{ run: RunView; resumed: boolean }> {
      const body = { ...(context ? { initial_context: context } : {}), ...(visitor ? { visitor } : {}) };
      const response = await call(sessions, { method: 'POST', body, signal });
      return { run: readRun(await bodyOf(response)), resumed: response.status === 200 };
    },
    async getSession(runId: number, token: string, signal?: AbortSignal): Promise<RunView> {
      return readRun(await json(run(runId), { token, signal }));
    },
    /**
     * Sends the visitor's message and streams the reply: `onDelta` gets each chunk of
     * text, the promise the final message. Every send of one message carries the same
     * `key`, so the server stores and answers it once, however often it is retried.
     */
    async sendMessage(runId: number, token: string, message: { content: string; key: string }, onDelta: (text: string) => void, signal?: AbortSignal): Promise<ReplyView> {
      const response = await call(`${run(runId)}/messages`, {
        method: 'POST',
        body: { content: message.content },
        token,
        accept: 'text/event-stream',
        idempotencyKey: message.key,
        signal,
      });
      if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        return readReply(await bodyOf(response));
      }
      for await (const event of readSse(response.body, signal)) {
        if (event.event === 'delta') onDelta(readDelta(event));
        else if (event.event === 'message') return readReply(parse(event));
        else if (event.event === 'error') {
          // `{code, message, status}`: the status the same failure would have had as JSON.
          const data = parse(event);
          const body = readErrorBody({ error: data });
          const status = typeof data === 'object' && data !== null && 'status' in data && typeof data.status === 'number' ? data.status : 500;
          throw new ApiError(status, body?.code ?? 'stream_error', body?.message ?? 'The reply failed');
        }
      }
      throw new ApiError(0, 'stream_ended', 'The reply stream ended early');
    },
    /** Back to the agent's message at `index`; later messages move to a branch of their own. */
    async rewind(runId: number, token: string, index: number): Promise<RunView> {
      return readRun(await json(`${run(runId)}/rewind`, { method: 'POST', body: { message_index: index }, token }));
    },
    async end(runId: number, token: string): Promise<void> {
      await call(`${run(runId)}/end`, { method: 'POST', body: {}, token });
    },
    async feedback(runId: number, token: string, index: number, rating: 'up' | 'down'): Promise<void> {
      await call(`${run(runId)}/messages/${index}/feedback`, { method: 'POST', body: { rating }, token });
    },
    /** The visitor is writing to the person who has the conversation (409 while the agent has it). */
    async typing(runId: number, token: string): Promise<void> {
      await call(`${run(runId)}/typing`, { method: 'POST', token });
    },
    async gather(runId: number, token: string, input: string): Promise<void> {
      await call(`${run(runId)}/gather`, { method: 'POST', body: { input }, token });
    },
    /** The pushed-events channel; resume after a drop with the last event's id. */
    async events(runId: number, token: string, lastEventId: string | null, signal: AbortSignal): Promise<AsyncGenerator<SseEvent>> {
      const response = await call(`${run(runId)}/events`, { token, accept: 'text/event-stream', lastEventId, signal });
      if (!response.body) throw new ApiError(response.status, 'bad_response', 'The events channel has no body');
      return readSse(response.body, signal);
    },
  };
}

async function bodyOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server answered with invalid JSON');
  }
}

function parse(event: SseEvent): unknown {
  try {
    return JSON.parse(event.data);
  } catch {
    throw new ApiError(0, 'bad_response', `Invalid JSON in the "${event.event}" event`);
  }
}

function readDelta(event: SseEvent): string {
  const data = parse(event);
  return typeof data === 'object' && data !== null && 'text' in data && typeof data.text === 'string' ? data.text : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('retry-after'));
  const body = readErrorBody(await response.json().catch(() => null));
  return new ApiError(
    response.status,
    body?.code ?? `http_${response.status}`,
    body?.message ?? (response.statusText || `HTTP ${response.status}`),
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}
