/**
 * Types of the fake OpenAI-compatible server. The request schema lives here because it is
 * the boundary: a body is `unknown` until it parses, and tests then read it typed.
 */
import { z } from 'zod';

/** The part of a chat-completion request body the fake understands; other keys are kept. */
export const fakeChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(z.unknown()).nullish(),
  response_format: z.unknown().optional(),
});

/** A chat-completion request body as the fake received it. */
export type FakeChatRequest = z.infer<typeof fakeChatRequestSchema>;

/** A scripted tool call. `arguments` that are not a string are sent as JSON. */
export interface FakeToolCall {
  name: string;
  arguments: unknown;
  id?: string;
}

/** What the fake answers to one chat-completion request. Every field is optional. */
export interface FakeResponse {
  content?: string;
  toolCalls?: FakeToolCall[];
  /**
   * Answer with this HTTP status and an OpenAI-style error body instead (429 also sends
   * `retry-after: 0` so the SDK retries at once).
   */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after-ms': '0' }` to skip the SDK's backoff on a 500. */
  headers?: Record<string, string>;
  /** Wait this long before the first byte (headers included). */
  delayMs?: number;
  /** Wait this long between two stream chunks. */
  chunkDelayMs?: number;
  /** Send some valid data, then truncated JSON, then close. */
  malformed?: boolean;
  /** Never answer. The request is released by `close()` or `reset()`. */
  hang?: boolean;
  /** Defaults to rough estimates (4 characters per token). */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Defaults to `tool_calls` when tool calls are scripted, else `stop`. */
  finishReason?: string;
}

/** Computes the answer to a request when no scripted response is queued. */
export type FakeHandler = (body: FakeChatRequest) => FakeResponse | Promise<FakeResponse>;

/** When things happened for one chat-completion request (all `performance.now()` values). */
export interface FakeTiming {
  /** The request body was fully read. */
  receivedAt: number;
  /** The first byte of the body (the first SSE chunk when streaming) was written. */
  firstChunkAt: number | undefined;
  /**
   * The first streamed chunk that carries text was written: the chunk a client can show.
   * A stream opens with a role-only chunk, one `chunkDelayMs` before it.
   */
  firstTextAt: number | undefined;
  /** The response was complete. */
  finishedAt: number | undefined;
  /** The client went away before the response was complete (an abort or a timeout). */
  clientClosed: boolean;
}

/** One `/embeddings` request; it is answered with `hashedEmbedding` of each input. */
export interface FakeEmbeddingRequest {
  model: string;
  input: string[];
}

export const fakeEmbeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

/** A running fake server. */
export interface FakeLlm {
  /** Base URL including `/v1`, usable as `OPENAI_BASE_URL` or the SDK's `baseURL`. */
  readonly url: string;
  /** Parsed bodies of the chat-completion requests received, in order (retries included). */
  readonly requests: FakeChatRequest[];
  /** The `/embeddings` requests received, in order (retries included): `input` always as a list. */
  readonly embeddingRequests: FakeEmbeddingRequest[];
  /** Timings of the same requests, index for index. */
  readonly timings: FakeTiming[];
  /** Queue responses; each chat-completion request consumes the next one. */
  enqueue(...responses: FakeResponse[]): void;
  /** The next `count` `/embeddings` requests answer `status` (a 429 with `retry-after: 0`). */
  failEmbeddings(count: number, status: number): void;
  /** Answer with this handler once the queue is empty. */
  setHandler(handler: FakeHandler): void;
  /** Empty the queue and the records, restore the default handler, release hung requests. */
  reset(): void;
  /** Stop the server, ending every open connection. */
  close(): Promise<void>;
}
