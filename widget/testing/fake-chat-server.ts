/**
 * An in-process stand-in for the text-chat API, shaped exactly like the contract in
 * `shared/api/text-chat-api.ts`, for the widget's happy-dom tests. Its `fetch` calls a
 * Hono app directly: no network, no ports. Scripted agents answer turns; tests can push
 * events, hold a streamed reply half-way, and make the next matching call fail.
 */
import { Hono, type Context } from 'hono';
import type { AssistantReply, ChatMessage, PushedEvent, RunResponse } from '../../shared/api/text-chat-api.ts';

export interface FakeTurn {
  content: string;
  choices?: string[];
  end?: boolean;
  kind?: 'answer' | 'retry' | 'closing';
  /** The passages the answer cites, as the server sends them. */
  sources?: { index: number; title: string; url: string | null; quote: string; document_id: string; knowledge_base_id: string }[];
}

export interface FakeAgent {
  id: string;
  name: string;
  title?: string;
  welcome_text?: string | null;
  language?: string;
  theme?: { accent?: string; font?: string; radius?: string };
  /** Visitors may edit earlier messages (a rewind). */
  allow_edits?: boolean;
  greeting: FakeTurn;
  reply(content: string, turn: number): FakeTurn;
}

interface FakeRun {
  id: number;
  token: string;
  agent: FakeAgent;
  status: RunResponse['status'];
  messages: ChatMessage[];
  revision: number;
  events: { id: number; event: PushedEvent }[];
  listeners: Set<(chunk: string) => void>;
  /** Open event streams, errored when the server goes down. */
  streams: Set<ReadableStreamDefaultController<Uint8Array>>;
  feedback: { index: number; rating: string }[];
  gathered: string[];
  /** Answers by idempotency key, as the real server keeps them. */
  answered: Map<string, AssistantReply>;
  /** The messages each rewind moved off the current branch. */
  rewound: ChatMessage[][];
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  code: string;
  headers: Record<string, string>;
}

export const FAKE_ORIGIN = 'http://chat.test';

const encoder = new TextEncoder();
const sse = (event: string, data: unknown, id?: number) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const now = () => new Date().toISOString();

export function createFakeChatServer(agents: FakeAgent[]) {
  const runs = new Map<number, FakeRun>();
  const failures: Failure[] = [];
  const requests: { method: string; path: string; token: string | null; accept: string | null; body: unknown }[] = [];
  let hold: Promise<void> | null = null;
  let down = false;
  let loseNextAnswer = false;
  let nextRun = 41;
  let nextEvent = 1;
  const app = new Hono();

  const error = (c: Context, status: 400 | 401 | 404 | 409 | 429 | 500, code: string, message = code) => c.json({ error: { code, message } }, status);
  const agentOf = (id: string) => agents.find((a) => a.id === id);
  const runOf = (c: Context) => {
    const run = runs.get(Number(c.req.param('run')));
    return run && run.agent.id === c.req.param('agent') && run.token === c.req.header('x-session-token') ? run : null;
  };
  const view = (run: FakeRun, withToken = false): RunResponse => ({
    workflow_run_id: run.id,
    call_id: `call_${String(run.id).padStart(8, '0')}`,
    agent_id: run.agent.id,
    channel: 'widget',
    status: run.status,
    ended_reason: run.status === 'ended' ? 'agent-hangup' : null,
    revision: run.revision,
    branch_id: 'main',
    messages: run.messages,
    branches: [],
    created_at: now(),
    expires_at: null,
    ...(withToken ? { session_token: run.token } : {}),
  });
  const assistant = (run: FakeRun, turn: FakeTurn): ChatMessage => ({
    index: run.messages.length,
    role: 'assistant',
    author: 'agent',
    content: turn.content,
    timestamp: now(),
    ...(turn.choices ? { choices: turn.choices } : {}),
    ...(turn.sources ? { sources: turn.sources } : {}),
  });
  const push = (run: FakeRun, event: PushedEvent) => {
    const entry = { id: nextEvent++, event };
    run.events.push(entry);
    for (const listener of run.listeners) listener(sse(event.type, event, entry.id));
  };

  app.use('*', async (c, next) => {
    const body = c.req.method === 'POST' ? await c.req.raw.clone().json().catch(() => null) : null;
    requests.push({ method: c.req.method, path: c.req.path, token: c.req.header('x-session-token') ?? null, accept: c.req.header('accept') ?? null, body });
    const index = failures.findIndex((f) => f.method === c.req.method && f.path.test(c.req.path));
    const failure = failures[index];
    if (!failure) return next();
    failures.splice(index, 1);
    return c.json({ error: { code: failure.code, message: `Injected ${failure.code}` } }, failure.status as 400, failure.headers);
  });

  app.get('/workflow/:agent/widget-config', (c) => {
    const agent = agentOf(c.req.param('agent'));
    if (!agent) return error(c, 404, 'not_found');
    return c.json({ agent_id: agent.id, name: agent.name, title: agent.title ?? agent.name, welcome_text: agent.welcome_text ?? null, language: agent.language ?? 'en', theme: agent.theme ?? {}, allow_edits: agent.allow_edits === true });
  });

  app.post('/workflow/:agent/text-chat/sessions', (c) => {
    const agent = agentOf(c.req.param('agent'));
    if (!agent) return error(c, 404, 'not_found');
    const run: FakeRun = {
      id: nextRun++,
      token: `tok_${Math.random().toString(36).slice(2)}`,
      agent,
      status: 'active',
      messages: [],
      revision: 1,
      events: [],
      listeners: new Set(),
      streams: new Set(),
      feedback: [],
      gathered: [],
      answered: new Map(),
      rewound: [],
    };
    run.messages.push(assistant(run, agent.greeting));
    runs.set(run.id, run);
    return c.json(view(run, true), 201);
  });

  app.get('/workflow/:agent/text-chat/sessions/:run', (c) => {
    const run = runOf(c);
    return run ? c.json(view(run)) : error(c, 404, 'not_found', 'Session not found or expired');
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/messages', async (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found', 'Session not found or expired');
    const key = c.req.header('idempotency-key');
    const earlier = key ? run.answered.get(key) : undefined;
    const streamed = (c.req.header('accept') ?? '').includes('text/event-stream');
    if (earlier) return streamed ? new Response(sse('message', earlier), { headers: { 'content-type': 'text/event-stream' } }) : c.json(earlier);
    if (run.status === 'ended') return error(c, 409, 'session_ended');
    const { content } = await c.req.json<{ content: string }>();
    run.messages.push({ index: run.messages.length, role: 'user', author: 'user', content, timestamp: now() });
    const turn = run.agent.reply(content, run.messages.length / 2);
    const message = assistant(run, turn);
    run.messages.push(message);
    run.revision++;
    if (turn.end) run.status = 'ended';
    const { index, timestamp, choices } = message;
    const reply: AssistantReply = {
      role: 'assistant',
      content: turn.content,
      timestamp,
      index,
      revision: run.revision,
      session_status: run.status,
      kind: turn.kind ?? (turn.end ? 'closing' : 'answer'),
      ...(choices ? { choices } : {}),
      ...(turn.sources ? { sources: turn.sources } : {}),
    };
    message.kind = reply.kind;
    if (key) run.answered.set(key, reply);
    if (turn.end) push(run, { type: 'ended', reason: 'agent-hangup' });
    if (!streamed) return c.json(reply);
    const words = turn.content.match(/\S+\s*/g) ?? [turn.content];
    const gate = hold;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [i, word] of words.entries()) {
          controller.enqueue(encoder.encode(sse('delta', { text: word })));
          if (i === 0 && gate) await gate;
        }
        controller.enqueue(encoder.encode(sse('message', reply)));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/rewind', async (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    if (!run.agent.allow_edits) return c.json({ error: { code: 'edit_not_allowed', message: 'Not allowed' } }, 403);
    if (run.status !== 'active') return error(c, 409, 'session_not_active');
    const { message_index } = await c.req.json<{ message_index: number }>();
    run.rewound.push(run.messages.slice(message_index + 1));
    run.messages = run.messages.slice(0, message_index + 1);
    run.revision++;
    return c.json(view(run));
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/end', (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    run.status = 'ended';
    return c.json(view(run));
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/messages/:index/feedback', async (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    const { rating } = await c.req.json<{ rating: string }>();
    run.feedback.push({ index: Number(c.req.param('index')), rating });
    return c.json({ ok: true });
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/gather', async (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    const { input } = await c.req.json<{ input: string }>();
    run.gathered.push(input);
    return c.json({ ok: true });
  });

  app.post('/workflow/:agent/text-chat/sessions/:run/typing', (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    return run.status === 'transferred' ? c.body(null, 204) : error(c, 409, 'call_not_with_human');
  });

  app.get('/workflow/:agent/text-chat/sessions/:run/events', (c) => {
    const run = runOf(c);
    if (!run) return error(c, 404, 'not_found');
    const after = Number(c.req.header('last-event-id') ?? 0);
    let listener: ((chunk: string) => void) | null = null;
    let open: ReadableStreamDefaultController<Uint8Array> | null = null;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(': ping\n\n'));
        for (const { id, event } of run.events) if (id > after) controller.enqueue(encoder.encode(sse(event.type, event, id)));
        listener = (chunk) => controller.enqueue(encoder.encode(chunk));
        run.listeners.add(listener);
        open = controller;
        run.streams.add(controller);
      },
      cancel() {
        if (listener) run.listeners.delete(listener);
        if (open) run.streams.delete(open);
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  });

  return {
    app,
    requests,
    runs,
    /**
     * The widget's `fetch`: straight into the app — or a network failure while the
     * server is down, or after it answered a message whose answer is to be lost.
     */
    async fetch(input: string, init?: RequestInit): Promise<Response> {
      if (down) throw new TypeError('Failed to fetch');
      const response = await app.request(input, init);
      if (loseNextAnswer && init?.method === 'POST' && input.endsWith('/messages')) {
        loseNextAnswer = false;
        await response.arrayBuffer();
        throw new TypeError('network error');
      }
      return response;
    },
    /** Stops answering (every call fails as a network error, open event streams break), or starts again. */
    setDown(isDown: boolean) {
      down = isDown;
      if (!isDown) return;
      for (const run of runs.values()) {
        for (const stream of run.streams) stream.error(new TypeError('network error'));
        run.streams.clear();
        run.listeners.clear();
      }
    },
    /** The next message is stored and answered, but the answer never reaches the widget. */
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    /** Pushes an event on a session's events channel (operator message, keypad, end). */
    push(runId: number, event: PushedEvent) {
      const run = runs.get(runId);
      if (!run) throw new Error(`no run ${runId}`);
      if (event.type === 'message') run.messages.push(event.message);
      if (event.type === 'transferred') run.status = 'transferred';
      if (event.type === 'ended') run.status = 'ended';
      push(run, event);
    },
    /** The operator is typing: an event without an id on the open streams, stored nowhere (as the server sends it). */
    operatorTyping(runId: number, authorName: string) {
      for (const listener of runs.get(runId)?.listeners ?? []) listener(sse('typing', { type: 'typing', author: 'operator', author_name: authorName }));
    },
    /** The next call matching method and path answers this error instead. */
    failNext(method: string, path: RegExp, status: number, code: string, headers: Record<string, string> = {}) {
      failures.push({ method, path, status, code, headers });
    },
    /** Streamed replies stop after their first delta until the returned function is called. */
    holdReplies(): () => void {
      let release = () => {};
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
    /** Forgets a session, as an expired one. */
    expire(runId: number) {
      runs.delete(runId);
    },
  };
}

export type FakeChatServer = ReturnType<typeof createFakeChatServer>;

/** A claim-intake agent like the demo's: policy number, incident type, description, done. */
export const claimAgent: FakeAgent = {
  id: 'agent_c1a1b2c3',
  name: 'Claims',
  title: 'Harbor Mutual Claims',
  welcome_text: 'Need to file a claim? I can help.',
  greeting: { content: 'Hi! I can help you file a claim.\n\nWhat is your **policy number**?' },
  reply(content, turn) {
    if (turn === 1) return /^\d{6}$/.test(content.trim()) ? { content: 'Thanks. What happened?', choices: ['Car accident', 'Water damage', 'Theft'] } : { content: 'Six digits, please.' };
    if (turn === 2) return { content: `Got it: *${content}*. Please describe it in a sentence.` };
    return { content: 'Thanks, your claim is filed. Reference **CL-1042**.', end: true };
  },
};

/** An agent that answers with whatever it is told, for rendering tests. */
export const echoAgent: FakeAgent = {
  id: 'agent_ec0ec0ec',
  name: 'Echo',
  greeting: { content: 'Say something.' },
  reply: (content) => ({ content }),
};
