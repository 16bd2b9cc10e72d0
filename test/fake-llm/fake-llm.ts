/**
 * An in-process OpenAI-compatible server for tests and benchmarks. The real `openai` SDK
 * talks to it over HTTP, so retries, streaming, timeouts and aborts are exercised for real.
 *
 * @example
 * const fake = await startFakeLlm();
 * fake.enqueue({ content: 'Hello there' }, { toolCalls: [{ name: 'lookup', arguments: { id: 1 } }] });
 * const client = new OpenAI({ baseURL: fake.url, apiKey: 'test' });
 * // ... then assert on fake.requests, and finally:
 * await fake.close();
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { completionBody, errorBody, lastUserText, resolveReply, streamChunks } from './completion-bodies.ts';
import { fakeChatRequestSchema, fakeEmbeddingRequestSchema } from './fake-llm-types.ts';
import type { FakeChatRequest, FakeEmbeddingRequest, FakeHandler, FakeLlm, FakeResponse, FakeTiming } from './fake-llm-types.ts';
import { hashedEmbedding } from './hashed-embedding.ts';

export type { FakeChatRequest, FakeEmbeddingRequest, FakeHandler, FakeLlm, FakeResponse, FakeTiming, FakeToolCall } from './fake-llm-types.ts';

const defaultHandler: FakeHandler = (body) => ({ content: `Fake reply to: ${lastUserText(body)}` });

/** One response in progress: knows when its client left, and never writes after that. */
interface Exchange {
  readonly res: ServerResponse;
  isOpen(): boolean;
  /** Resolves true after `ms`, or false as soon as the connection closes. */
  wait(ms: number): Promise<boolean>;
}

/** Starts a fake OpenAI-compatible server on 127.0.0.1 with a free port. */
export async function startFakeLlm(): Promise<FakeLlm> {
  const queue: FakeResponse[] = [];
  const requests: FakeChatRequest[] = [];
  const embeddingRequests: FakeEmbeddingRequest[] = [];
  let embeddingFailures = { count: 0, status: 500 };
  const timings: FakeTiming[] = [];
  // Every response not yet finished, so close() and reset() can end them (hung ones included).
  const inFlight = new Set<ServerResponse>();
  // Responses this fake destroyed itself: their close is not the client's doing.
  const releasedByFake = new WeakSet<ServerResponse>();
  let handler = defaultHandler;
  let sequence = 0;

  function openExchange(res: ServerResponse, timing?: FakeTiming): Exchange {
    let open = true;
    const pending = new Map<NodeJS.Timeout, (stillOpen: boolean) => void>();
    inFlight.add(res);
    res.on('close', () => {
      open = false;
      inFlight.delete(res);
      if (timing && !res.writableFinished && !releasedByFake.has(res)) timing.clientClosed = true;
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve(false);
      }
      pending.clear();
    });
    return {
      res,
      isOpen: () => open,
      wait: (ms) =>
        new Promise((resolve) => {
          if (!open) return resolve(false);
          const timer = setTimeout(() => {
            pending.delete(timer);
            resolve(open);
          }, ms);
          pending.set(timer, resolve);
        }),
    };
  }

  function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function answerChat(exchange: Exchange, body: FakeChatRequest, timing: FakeTiming): Promise<void> {
    const { res } = exchange;
    sequence += 1;
    const response = queue.shift() ?? (await handler(body));
    if (response.hang) return;
    if (response.delayMs !== undefined && !(await exchange.wait(response.delayMs))) return;

    const markFirstChunk = (): void => {
      timing.firstChunkAt ??= performance.now();
    };
    const finish = (): void => {
      res.end();
      timing.finishedAt = performance.now();
    };

    if (response.status !== undefined && response.status >= 400) {
      res.writeHead(response.status, {
        'content-type': 'application/json',
        ...(response.status === 429 && { 'retry-after': '0' }),
        ...response.headers,
      });
      res.write(JSON.stringify(errorBody(response.status)));
      markFirstChunk();
      return finish();
    }

    const reply = resolveReply(body, response, sequence);
    if (body.stream !== true) {
      const text = JSON.stringify(completionBody(reply));
      res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
      res.write(response.malformed ? text.slice(0, Math.floor(text.length / 2)) : text);
      markFirstChunk();
      return finish();
    }

    res.writeHead(response.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...response.headers,
    });
    const chunks = streamChunks(reply, body.stream_options?.include_usage === true);
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0 && response.chunkDelayMs !== undefined && !(await exchange.wait(response.chunkDelayMs))) return;
      if (!exchange.isOpen()) return;
      const json = JSON.stringify(chunk);
      // Malformed: after one good chunk, an event whose JSON is cut in half, then the end.
      if (response.malformed && index === 1) {
        res.write(`data: ${json.slice(0, Math.floor(json.length / 2))}\n\n`);
        return finish();
      }
      res.write(`data: ${json}\n\n`);
      markFirstChunk();
      // streamChunks puts the first word right after the role chunk.
      if (index === 1 && reply.content !== '') timing.firstTextAt = performance.now();
    }
    res.write('data: [DONE]\n\n');
    finish();
  }

  function answerEmbeddings(res: ServerResponse, json: unknown): void {
    const parsed = fakeEmbeddingRequestSchema.safeParse(json);
    if (!parsed.success) return sendJson(res, 400, errorBody(400, parsed.error.message));
    if (parsed.data.encoding_format === 'base64') return sendJson(res, 400, errorBody(400, 'This fake answers encoding_format float only.'));
    const input = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
    embeddingRequests.push({ model: parsed.data.model, input });
    if (embeddingFailures.count > 0) {
      embeddingFailures.count -= 1;
      return sendJson(res, embeddingFailures.status, errorBody(embeddingFailures.status), embeddingFailures.status === 429 ? { 'retry-after': '0' } : {});
    }
    sendJson(res, 200, {
      object: 'list',
      model: parsed.data.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(hashedEmbedding(text)) })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'parley-fake' }],
      });
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
      return sendJson(res, 404, errorBody(404, `No route for ${req.method ?? '?'} ${path}.`));
    }

    const raw = await readBody(req);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, errorBody(400, 'The request body is not JSON.'));
    }
    if (path === '/v1/embeddings') return answerEmbeddings(res, json);
    const parsed = fakeChatRequestSchema.safeParse(json);
    if (!parsed.success) return sendJson(res, 400, errorBody(400, parsed.error.message));

    const timing: FakeTiming = {
      receivedAt: performance.now(),
      firstChunkAt: undefined,
      firstTextAt: undefined,
      finishedAt: undefined,
      clientClosed: false,
    };
    requests.push(parsed.data);
    timings.push(timing);
    await answerChat(openExchange(res, timing), parsed.data, timing);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A throwing handler is a bug in the test: say so in the answer rather than hang.
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, errorBody(500, `Fake handler failed: ${String(error)}`));
    });
  });

  const release = (): void => {
    for (const res of inFlight) {
      releasedByFake.add(res);
      res.destroy();
    }
    inFlight.clear();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The fake LLM is not listening on TCP.');

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    embeddingRequests,
    timings,
    enqueue: (...responses) => void queue.push(...responses),
    failEmbeddings: (count, status) => {
      embeddingFailures = { count, status };
    },
    setHandler: (next) => {
      handler = next;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      embeddingRequests.length = 0;
      embeddingFailures = { count: 0, status: 500 };
      timings.length = 0;
      handler = defaultHandler;
      release();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        release();
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close() would wait for their timeout.
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
