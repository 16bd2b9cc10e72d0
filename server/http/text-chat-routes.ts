/**
 * `/workflow/{id}/text-chat/sessions…` (DESIGN §5): create, read (any branch), append
 * (JSON or SSE), rewind, end, feedback, and the SSE channel of pushed events.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  appendMessageRequestSchema,
  assistantReplySchema,
  createRunRequestSchema,
  feedbackSchema,
  gatherInputRequestSchema,
  rewindRequestSchema,
  runSchema,
} from '../../shared/api/text-chat-api.ts';
import { gatherSchema } from '../../shared/api/calls-api.ts';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import { MAX_ID } from '../../shared/ids.ts';
import { verifyVisitorClaim } from '../auth/visitor-signature.ts';
import type { Clock } from '../clock.ts';
import { conflict, DomainError } from '../errors.ts';
import { presentGather, type GatherService } from '../calls/gather-service.ts';
import { isWithHuman } from '../sessions/human-relay.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { AppEnv } from './app-env.ts';
import { commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { streamSessionEvents } from './session-event-stream.ts';
import type { StreamSlots } from './stream-slots.ts';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { ClientIp } from './client-ip.ts';
import type { ChatCaller, TextChatAccess } from './text-chat-access.ts';
import { streamTurn } from './turn-stream.ts';

const tags = ['Text chat'];
const tooManyStreams = { 429: jsonContent(errorResponseSchema, 'Too many open event streams for this session or client (Retry-After)') } as const;
const security = [{ bearerAuth: [] }, { apiKeyHeader: [] }, {}];
const agentParam = z.object({ id: z.string().min(1).max(64) });
const runParams = agentParam.extend({ run_id: z.coerce.number().int().min(1).max(MAX_ID) });
const sessionsPath = '/workflow/{id}/text-chat/sessions';
const appendHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key must be 1 to 255 visible ASCII characters')
    .optional()
    .openapi({ description: 'Makes a retried append safe: the same key gets the first answer, never a second message', example: '3f0c1e9a-5b7d-4c2e-9f1a-2d8b6e4c7a10' }),
});
const runPath = `${sessionsPath}/{run_id}`;

const routes = {
  create: createRoute({ method: 'post', path: sessionsPath, tags, security, summary: 'Start a conversation (opening message included)',
    description:
      'A widget may say who the visitor is with `visitor`, signed by the site\'s server with the agent\'s visitor secret ' +
      '(`POST /v1/agents/{id}/visitor-secret`): the fields and an HMAC-SHA256 `signature`, or an HS256 JWT as `token`. ' +
      'A verified visitor\'s session carries the identity (`visitor`); when that visitor already has an open session on this agent ' +
      '(another device, a cleared browser), it is resumed: 200 with a fresh `session_token`. A claim that does not verify is ignored.',
    request: { params: agentParam, body: { ...jsonBody(createRunRequestSchema), required: false } },
    responses: {
      201: jsonContent(runSchema, 'The new run; public callers get session_token'),
      200: jsonContent(runSchema, "A verified visitor's open session, resumed with a new session_token"),
      ...commonErrors,
      ...conflictError,
    } }),
  get: createRoute({ method: 'get', path: runPath, tags, security, summary: 'Read a conversation: the current branch, or ?branch=ID',
    description: 'To API-key and console callers each agent message also carries `turn` (the node the turn ended in, its tool calls with arguments and results, its LLM and tool latency, its tokens) and `state` (the workflow\'s node and variables right after it). A widget caller gets neither.',
    request: { params: runParams, query: z.object({ branch: z.string().max(32).optional() }) },
    responses: { 200: jsonContent(runSchema, 'The run'), ...commonErrors } }),
  append: createRoute({ method: 'post', path: `${runPath}/messages`, tags, security,
    summary: 'Send a user message; JSON reply, or SSE (delta, message, error) with Accept: text/event-stream',
    description:
      'With `Accept: text/event-stream` the answer is a stream of `delta` events (`{"text"}`: text as the LLM writes it), then one `message` event ' +
      '(the assistant message, as the JSON answer) or `error` (`{code, message, status}`). A turn in which no LLM streamed (no `llm` node answered, ' +
      'or none is configured) sends its whole text as one `delta`. The `message` is authoritative: its `content` may also hold texts of nodes ' +
      'said before or after the streamed part. ' +
      'Send `Idempotency-Key` (any 1–255 visible ASCII characters, unique per message, e.g. a UUID) to make a retry safe: ' +
      'an append whose key the session already stored is not stored or answered again, it gets the answer the first one got ' +
      '(as JSON, or streamed like any turn without LLM text: one `delta` with its text, then the `message`). Keys are kept per session for its lifetime. A first try cut off mid-turn ' +
      '(the connection dropped) was answered "interrupted", and its retry gets that answer: send the text again with a new key.',
    request: { params: runParams, headers: appendHeaders, body: jsonBody(appendMessageRequestSchema) },
    responses: { 200: { content: { 'application/json': { schema: assistantReplySchema }, 'text/event-stream': { schema: z.string() } }, description: 'The assistant message' }, ...commonErrors, ...conflictError } }),
  rewind: createRoute({ method: 'post', path: `${runPath}/rewind`, tags, security, summary: 'Return to an assistant message of any branch; a new branch continues from there',
    description: 'Without `branch_id` the message is one of the current branch, and its later messages stay on that branch. With `branch_id` it may be a message of any branch of the run (its last one too): a new branch forks from it and becomes current; every branch is kept. 400 `invalid_message_index` when the index is not an assistant message of that branch, 404 for an unknown branch; nothing changes then. ' +
      'A widget (session token) may rewind only on agents with `widget.allow_edits`: that is how a visitor edits an earlier message (rewind to the message before it, then send the edited text). 403 `edit_not_allowed` otherwise; 409 `session_not_active` on a transferred session or one ended by the API or a timeout.',
    request: { params: runParams, body: jsonBody(rewindRequestSchema.extend({ expected_revision: z.number().int().optional() })) },
    responses: { 200: jsonContent(runSchema, 'The run after the rewind'), ...commonErrors, ...conflictError } }),
  end: createRoute({ method: 'post', path: `${runPath}/end`, tags, security, summary: 'End the conversation',
    request: { params: runParams }, responses: { 200: jsonContent(runSchema, 'The ended run'), ...commonErrors, ...conflictError } }),
  feedback: createRoute({ method: 'post', path: `${runPath}/messages/{index}/feedback`, tags, security, summary: "Rate an assistant message",
    request: { params: runParams.extend({ index: z.string().regex(/^\d{1,6}$/, 'index must be a message index') }), body: jsonBody(feedbackSchema) },
    responses: { 204: { description: 'Stored' }, ...commonErrors } }),
  gather: createRoute({ method: 'post', path: `${runPath}/gather`, tags, security, summary: 'Answer the active keypad gather (409 when none is active)',
    request: { params: runParams, body: jsonBody(gatherInputRequestSchema) },
    responses: { 200: jsonContent(gatherSchema, 'The gather, completed'), ...commonErrors, ...conflictError } }),
  typing: createRoute({ method: 'post', path: `${runPath}/typing`, tags, security,
    summary: "The visitor is writing to the person who has the conversation: the operator's inbox shows it for a few seconds. Nothing is stored; 409 call_not_with_human while the agent has it; 429 above 30 a minute per conversation",
    request: { params: runParams }, responses: { 204: { description: 'Told' }, ...commonErrors, ...conflictError } }),
  events: createRoute({ method: 'get', path: `${runPath}/events`, tags, security,
    summary: 'SSE of pushed events (message, gather, gather_end, transferred, ended), and `typing` events without an id (`{"type":"typing","author":"operator","author_name"}`) while the operator writes; resumable with Last-Event-ID; ends after `ended`. At most 5 open per session and 20 per client (429 over that)',
    request: { params: runParams }, responses: { 200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'Event stream' }, ...commonErrors, ...tooManyStreams } }),
};

export interface TextChatDeps {
  access: TextChatAccess;
  sessions: SessionService;
  turns: TurnRunner;
  events: SessionEvents;
  ipLimiter: RateLimiter;
  /** The rate-limit key of a public caller (its address, behind trusted proxies too). */
  clientIp: ClientIp;
  sessionLimiter: RateLimiter;
  heartbeatMs?: number;
  /** Open `/events` streams per session and per client address. */
  streams: StreamSlots;
  /** Aborted when the server starts shutting down: open `/events` streams end. */
  closing?: AbortSignal | undefined;
  /** Keypad gathers the calls API starts; answered here by the visitor. */
  gathers: GatherService;
  /** The secret a verified visitor's claim is checked with, per agent. */
  visitorSecrets: { secretOf(agentId: number): Promise<string | undefined> };
  clock: Clock;
}

export function createTextChatRoutes(deps: TextChatDeps) {
  const { access, sessions } = deps;
  const app = createRouter();
  // Typing signals are frequent and tiny: their own budget per conversation, so they never eat the visitor's message budget.
  const typingLimiter = createRateLimiter({ capacity: 5, perMinute: 30 }, deps.clock);

  /** Public callers are rate limited per IP on every call, and per session on messages. */
  async function callerOf(c: Context<AppEnv>, agentId: string): Promise<ChatCaller> {
    const caller = await access.caller(c, agentId);
    if (caller.channel === 'widget') await deps.ipLimiter.take(deps.clientIp(c));
    return caller;
  }

  app.openapi(routes.create, async (c) => {
    const caller = await callerOf(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    // A claim that does not verify is dropped here: the visitor is anonymous, never trusted.
    const visitor = body.visitor && verifyVisitorClaim(body.visitor, await deps.visitorSecrets.secretOf(caller.agent.id), deps.clock.now());
    const { session, sessionToken, resumed } = await sessions.start({
      workspaceId: caller.workspaceId,
      agent: caller.agent,
      channel: caller.channel,
      variables: body.initial_context ?? {},
      withToken: caller.channel === 'widget',
      visitor,
      signal: c.req.raw.signal,
    });
    const run = await sessions.view(session, { sessionToken, details: caller.channel !== 'widget' });
    return resumed ? c.json(run, 200) : c.json(run, 201);
  });

  app.openapi(routes.get, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const caller = await callerOf(c, id);
    const session = await access.session(c, caller, run_id);
    return c.json(await sessions.view(session, { branch: c.req.valid('query').branch, details: caller.channel !== 'widget' }), 200);
  });

  app.openapi(routes.append, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const caller = await callerOf(c, id);
    const sessionId = await access.sessionId(c, caller, run_id);
    if (caller.channel === 'widget') await deps.sessionLimiter.take(`session:${sessionId}`);
    const { content, expected_revision } = c.req.valid('json');
    const input = { sessionId, text: content, expectedRevision: expected_revision, idempotencyKey: c.req.valid('header')['idempotency-key'], agent: caller.agent };
    if ((c.req.header('accept') ?? '').includes('text/event-stream')) return streamTurn(c, deps.turns, input);
    return c.json(await deps.turns.send({ ...input, signal: c.req.raw.signal }), 200);
  });

  app.openapi(routes.rewind, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const caller = await callerOf(c, id);
    const sessionId = await access.sessionId(c, caller, run_id);
    // A visitor rewinds only to edit a message, where the agent allows it; an API key always may.
    if (caller.channel === 'widget' && caller.agent.config.widget.allow_edits !== true) {
      throw new DomainError('edit_not_allowed', "This agent's widget does not let visitors edit their messages: set widget.allow_edits to true");
    }
    const body = c.req.valid('json');
    const rewound = await sessions.rewind(sessionId, { messageIndex: body.message_index, branchId: body.branch_id, expectedRevision: body.expected_revision });
    return c.json(await sessions.view(rewound, { details: caller.channel !== 'widget' }), 200);
  });

  app.openapi(routes.end, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const caller = await callerOf(c, id);
    const sessionId = await access.sessionId(c, caller, run_id);
    const ended = await sessions.end(sessionId, caller.channel === 'widget' ? 'visitor-left' : 'api');
    return c.json(await sessions.view(ended, { details: caller.channel !== 'widget' }), 200);
  });

  app.openapi(routes.feedback, async (c) => {
    const { id, run_id, index } = c.req.valid('param');
    const session = await access.session(c, await callerOf(c, id), run_id);
    const { rating, comment } = c.req.valid('json');
    await sessions.feedback(session, Number(index), rating, comment);
    return c.body(null, 204);
  });

  app.openapi(routes.typing, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const session = await access.session(c, await access.caller(c, id), run_id);
    if (!isWithHuman(session)) throw conflict('The conversation is not with a person', 'call_not_with_human');
    await typingLimiter.take(String(session.id));
    deps.events.typing(session.workspaceId, { type: 'typing', sessionId: session.id, author: 'user' });
    return c.body(null, 204);
  });

  app.openapi(routes.events, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const session = await access.session(c, await callerOf(c, id), run_id);
    const release = deps.streams.acquire(session.id, deps.clientIp(c));
    return streamSessionEvents(c, deps.events, session.id, {
      heartbeatMs: deps.heartbeatMs ?? 15_000,
      endedReason: session.status === 'ended' ? session.endedReason : null,
      onClose: release,
      closing: deps.closing,
    });
  });

  app.openapi(routes.gather, async (c) => {
    const { id, run_id } = c.req.valid('param');
    const caller = await callerOf(c, id);
    const session = await access.session(c, caller, run_id);
    if (caller.channel === 'widget') await deps.sessionLimiter.take(`session:${session.id}`);
    return c.json(presentGather(await deps.gathers.answer(session, c.req.valid('json').input)), 200);
  });

  return app;
}
