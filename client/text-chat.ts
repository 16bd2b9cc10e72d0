/**
 * `/workflow/{id}/text-chat/sessions`: conversations with an agent. A turn is one user
 * message and ONE assistant message, answered whole (`send`) or streamed (`stream`).
 * Public (widget) callers pass the `session_token` they got at `start` as
 * `{ sessionToken }` on every later call.
 */
import type { AgentId } from './agents.ts';
import { ParleyError } from './parley-error.ts';
import { readServerSentEvents } from './server-sent-events.ts';
import type { Operation, RequestOptions, Transport } from './transport.ts';
import type {
  AssistantReply,
  FeedbackInput,
  Gather,
  GatherAnswerInput,
  PushedEvent,
  RewindInput,
  Run,
  SendMessageInput,
  StartChatInput,
  TurnEvent,
} from './types.ts';

/** A conversation's `workflow_run_id`. */
export type RunId = number | string;

const SSE = 'text/event-stream';
const MESSAGES: Operation = 'POST /workflow/{id}/text-chat/sessions/{run_id}/messages';
const EVENTS: Operation = 'GET /workflow/{id}/text-chat/sessions/{run_id}/events';

function bodyOf(http: Transport, operation: Operation, response: Response): ReadableStream<Uint8Array> {
  if (!response.body) throw http.invalid(operation, 'the event stream has no body', response.status);
  return response.body;
}

/** The `error` event of a streamed turn: the failure as a JSON answer would have said it. */
function streamedError(http: Transport, data: string): ParleyError {
  const error = http.decode<{ code?: unknown; message?: unknown; status?: unknown }>(MESSAGES, 200, data, 'error');
  if (typeof error.code !== 'string' || typeof error.message !== 'string' || typeof error.status !== 'number') return http.invalid(MESSAGES, `an error event without code, message and status: ${data}`);
  return new ParleyError({ status: error.status, code: error.code, message: error.message, operation: MESSAGES });
}

/**
 * One turn over SSE: `delta` events (text as the LLM writes it; none when no LLM wrote the
 * reply), then the `message`. Lazy: the message is sent when iteration starts. Leaving the
 * loop early closes the connection, which stops the server's LLM call.
 */
async function* streamTurn(http: Transport, agentId: AgentId, runId: RunId, body: SendMessageInput, options?: RequestOptions): AsyncGenerator<TurnEvent> {
  const response = await http.open(MESSAGES, { params: { id: agentId, run_id: runId }, body, accept: SSE, options });
  for await (const event of readServerSentEvents(bodyOf(http, MESSAGES, response))) {
    if (event.event === 'delta') {
      const delta = http.decode<{ text?: unknown }>(MESSAGES, response.status, event.data, 'delta');
      if (typeof delta.text !== 'string') throw http.invalid(MESSAGES, `a delta event without text: ${event.data}`);
      yield { type: 'delta', text: delta.text };
    } else if (event.event === 'message') {
      yield { type: 'message', message: http.decode<AssistantReply>(MESSAGES, response.status, event.data, 'message') };
      return;
    } else if (event.event === 'error') {
      throw streamedError(http, event.data);
    }
  }
  throw new ParleyError({ status: 0, code: 'stream_interrupted', message: `${MESSAGES}: the stream ended before the assistant message`, operation: MESSAGES });
}

export interface EventsOptions extends RequestOptions {
  /** Resume after this event id (an earlier event's `id`). */
  lastEventId?: string | undefined;
  /** Reconnections in a row that bring no event before giving up (default 2). */
  reconnects?: number;
}

/**
 * Events pushed to a conversation, each with the `id` to resume after. Ends after `ended`.
 * A stream that breaks or closes early (a restart, a proxy's idle timeout) is reopened
 * with `Last-Event-ID`, so no event is lost or repeated.
 */
async function* followEvents(http: Transport, agentId: AgentId, runId: RunId, options: EventsOptions = {}): AsyncGenerator<PushedEvent> {
  const { lastEventId, reconnects = 2, ...request } = options;
  let last = lastEventId;
  for (let fruitless = 0; fruitless <= reconnects; fruitless++) {
    const headers = { ...request.headers, ...(last === undefined ? {} : { 'last-event-id': last }) };
    const response = await http.open(EVENTS, { params: { id: agentId, run_id: runId }, accept: SSE, options: { ...request, headers } });
    try {
      for await (const sse of readServerSentEvents(bodyOf(http, EVENTS, response))) {
        // "The operator is typing" is a fleeting hint for a chat window, not an event of the conversation.
        if (sse.event === 'typing') continue;
        const event = http.decode<PushedEvent>(EVENTS, response.status, sse.data, sse.event);
        fruitless = -1;
        if (sse.id !== undefined) last = sse.id;
        yield sse.id === undefined ? event : { ...event, id: sse.id };
        if (event.type === 'ended') return;
      }
    } catch (error) {
      // A broken connection is reopened below; anything else (an abort, a bad event) is the caller's.
      if (request.signal?.aborted || error instanceof ParleyError || !(error instanceof TypeError)) throw error;
    }
  }
  throw new ParleyError({ status: 0, code: 'stream_interrupted', message: `${EVENTS}: the stream kept closing before the conversation ended`, operation: EVENTS });
}

export function textChatApi(http: Transport) {
  const run = (agentId: AgentId, runId: RunId) => ({ id: agentId, run_id: runId });
  return {
    /** Starts a conversation; the answer holds the opening message (index 0). */
    start: (agentId: AgentId, body: StartChatInput = {}, options?: RequestOptions) =>
      http.json<Run>('POST /workflow/{id}/text-chat/sessions', { params: { id: agentId }, body, options }),
    /** The current branch's messages, or another branch's with `{ branch }`, and `branches`. */
    get: (agentId: AgentId, runId: RunId, query: { branch?: string } = {}, options?: RequestOptions) =>
      http.json<Run>('GET /workflow/{id}/text-chat/sessions/{run_id}', { params: run(agentId, runId), query, options }),
    /** One user message → the one assistant message. Never retried: a turn must not run twice. */
    send: (agentId: AgentId, runId: RunId, body: SendMessageInput, options?: RequestOptions) => http.json<AssistantReply>(MESSAGES, { params: run(agentId, runId), body, options }),
    /**
     * The same turn streamed.
     * @example
     * for await (const event of parley.textChat.stream(agent, run, { content: 'Hi' })) {
     *   if (event.type === 'delta') process.stdout.write(event.text);
     *   else console.log('\n', event.message.session_status);
     * }
     */
    stream: (agentId: AgentId, runId: RunId, body: SendMessageInput, options?: RequestOptions): AsyncGenerator<TurnEvent> => streamTurn(http, agentId, runId, body, options),
    /** Back to an assistant message (of `branch_id`, any branch, or the current one); a new branch continues from there. */
    rewind: (agentId: AgentId, runId: RunId, body: RewindInput, options?: RequestOptions) =>
      http.json<Run>('POST /workflow/{id}/text-chat/sessions/{run_id}/rewind', { params: run(agentId, runId), body, options }),
    end: (agentId: AgentId, runId: RunId, options?: RequestOptions) => http.json<Run>('POST /workflow/{id}/text-chat/sessions/{run_id}/end', { params: run(agentId, runId), options }),
    /** Rates the assistant message at `index`. */
    /** The visitor is writing to the person who has the conversation (send it every few seconds while writing). */
    typing: (agentId: AgentId, runId: RunId, options?: RequestOptions) => http.none('POST /workflow/{id}/text-chat/sessions/{run_id}/typing', { params: run(agentId, runId), options }),
    feedback: (agentId: AgentId, runId: RunId, index: number, body: FeedbackInput, options?: RequestOptions) =>
      http.none('POST /workflow/{id}/text-chat/sessions/{run_id}/messages/{index}/feedback', { params: { ...run(agentId, runId), index }, body, options }),
    events: (agentId: AgentId, runId: RunId, options?: EventsOptions): AsyncGenerator<PushedEvent> => followEvents(http, agentId, runId, options),
    /** Answers the active keypad gather (409 `no_active_gather` when none is). */
    gather: (agentId: AgentId, runId: RunId, body: GatherAnswerInput, options?: RequestOptions) =>
      http.json<Gather>('POST /workflow/{id}/text-chat/sessions/{run_id}/gather', { params: run(agentId, runId), body, options }),
  };
}
