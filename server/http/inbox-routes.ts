/**
 * `/v1/inbox`: the operators' queue of conversations handed to a human, claiming one,
 * replying under the claim, marking it read, and handing it back to the agent's workflow
 * at a node the operator picks. Ending one is `POST /v1/calls/{call_id}/end`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  claimRequestSchema,
  handBackRequestSchema,
  handBackResponseSchema,
  inboxEntrySchema,
  inboxReplyRequestSchema,
  inboxReplySchema,
  inboxResponseSchema,
  type InboxEntry as InboxEntryBody,
  type InboxResponse,
} from '../../shared/api/inbox-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { Actor } from '../auth/actor.ts';
import type { CallsService } from '../calls/calls-service.ts';
import type { Claimer, InboxService } from '../inbox/inbox-service.ts';
import type { SessionEventBus } from '../sessions/session-event-bus.ts';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { InboxEntry } from '../storage/inbox-repo.ts';
import type { AppEnv } from './app-env.ts';
import { callParams } from './calls-routes.ts';
import { streamInbox } from './inbox-event-stream.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Inbox'];
const security = apiKeySecurity;
const errors = { ...commonErrors, ...conflictError };
const entry = (description: string) => jsonContent(inboxEntrySchema, description);

const routes = {
  events: createRoute({ method: 'get', path: '/v1/inbox/events', tags, security,
    summary: 'SSE: the queue (an `inbox` event, shaped as GET /v1/inbox) when the stream opens and whenever it changes — hand-offs, claims, visitor messages, replies, hand backs, ends — on any server process; and a `typing` event (`{"call_id", "author": "user"}`) while a visitor writes',
    responses: { 200: { description: 'A text/event-stream of `inbox` events', content: { 'text/event-stream': { schema: inboxResponseSchema } } }, ...commonErrors } }),
  list: createRoute({ method: 'get', path: '/v1/inbox', tags, security,
    summary: 'Conversations handed to a human, oldest waiting first, with who has claimed each and its unread visitor messages',
    responses: { 200: jsonContent(inboxResponseSchema, 'The queue (at most 200 conversations)'), ...commonErrors } }),
  claim: createRoute({ method: 'post', path: '/v1/inbox/{call_id}/claim', tags, security,
    summary: 'Claim a conversation: only its claimer may answer it or hand it back; 409 already_claimed names who has it',
    request: { params: callParams, body: jsonBody(claimRequestSchema) },
    responses: { 200: entry('The conversation, claimed by the caller'), ...errors } }),
  read: createRoute({ method: 'post', path: '/v1/inbox/{call_id}/read', tags, security,
    summary: "The claimer has read the conversation: its unread count drops to zero",
    request: { params: callParams }, responses: { 200: entry('The conversation'), ...errors } }),
  reply: createRoute({ method: 'post', path: '/v1/inbox/{call_id}/messages', tags, security,
    summary: "The claimer's reply; the visitor's widget shows it with the claimer's display name",
    request: { params: callParams, body: jsonBody(inboxReplyRequestSchema) },
    responses: { 201: jsonContent(inboxReplySchema, 'The stored message'), ...errors } }),
  typing: createRoute({ method: 'post', path: '/v1/inbox/{call_id}/typing', tags, security,
    summary: "The claimer is writing: the visitor's widget shows \"<name> is typing…\" for a few seconds. Send it every few seconds while writing; nothing is stored",
    request: { params: callParams }, responses: { 204: { description: 'Told' }, ...errors } }),
  handBack: createRoute({ method: 'post', path: '/v1/inbox/{call_id}/hand-back', tags, security,
    summary: "Hand the conversation back to its agent: the workflow goes on from the node given, with the conversation's variables",
    description:
      'The agent runs from `node` (any node of the version the conversation runs) as if its workflow had moved there: '
      + 'it keeps the variables and what was said, the human part included, and its reply reaches the visitor on the events channel. '
      + 'The claim is released. Refused with 409 while another operator holds the claim, and with 400 invalid_node for a node the workflow does not have.',
    request: { params: callParams, body: jsonBody(handBackRequestSchema) },
    responses: { 200: jsonContent(handBackResponseSchema, 'The agent has the conversation again'), ...errors } }),
};

/** Who the caller is in the inbox, and the name the visitor will see (the e-mail's local part unless given). */
export function claimerOf(actor: Actor, displayName?: string): Claimer {
  if (actor.kind === 'user') return { id: actor.userId, displayName: displayName ?? (actor.signedIn.user.email.split('@')[0] || actor.signedIn.user.email) };
  return { id: actor.apiKeyId, displayName: displayName ?? 'Support' };
}

export function presentInboxEntry(entry: InboxEntry): InboxEntryBody {
  return {
    call_id: callIdOf(entry.sessionId),
    workflow_run_id: entry.sessionId,
    agent: { id: entry.agentPublicId, name: entry.agentName },
    channel: entry.channel as InboxEntryBody['channel'],
    waiting_since: entry.waitingSince,
    updated_at: entry.updatedAt,
    message_count: entry.messageCount,
    unread_count: entry.unreadCount,
    hand_off: { node: entry.node, message: entry.handOffMessage },
    last_message: entry.lastMessage && { author: entry.lastMessage.author as 'agent' | 'user' | 'operator', content: entry.lastMessage.content },
    claim: entry.claim && { claimed_by: entry.claim.claimedBy, display_name: entry.claim.displayName, claimed_at: entry.claim.claimedAt },
  };
}

export interface InboxRoutesDeps {
  calls: Pick<CallsService, 'require'>;
  inbox: InboxService;
  bus: Pick<SessionEventBus, 'subscribe'>;
  typing: Pick<SessionEvents, 'onVisitorTyping'>;
  heartbeatMs?: number | undefined;
  /** Aborted when the server starts shutting down: open inbox streams end. */
  closing?: AbortSignal | undefined;
}

export function createInboxRoutes(deps: InboxRoutesDeps) {
  const { inbox } = deps;
  const app = createRouter();
  const conversation = (c: Context<AppEnv>, callId: string) => deps.calls.require(c.var.workspaceId, callId);
  async function queue(workspaceId: number): Promise<InboxResponse> {
    const conversations = (await inbox.waiting(workspaceId)).map(presentInboxEntry);
    return { conversations, unread_total: conversations.reduce((sum, e) => sum + e.unread_count, 0) };
  }

  app.openapi(routes.list, async (c) => c.json(await queue(c.var.workspaceId), 200));

  app.openapi(routes.events, (c) => streamInbox(c, { bus: deps.bus, typing: deps.typing, read: queue, heartbeatMs: deps.heartbeatMs ?? 15_000, closing: deps.closing }));

  app.openapi(routes.claim, async (c) => {
    const session = await conversation(c, c.req.valid('param').call_id);
    return c.json(presentInboxEntry(await inbox.claim(session, claimerOf(c.var.actor, c.req.valid('json').display_name))), 200);
  });

  app.openapi(routes.read, async (c) => {
    const session = await conversation(c, c.req.valid('param').call_id);
    return c.json(presentInboxEntry(await inbox.markRead(session, claimerOf(c.var.actor))), 200);
  });

  app.openapi(routes.reply, async (c) => {
    const session = await conversation(c, c.req.valid('param').call_id);
    const message = await inbox.reply(session, claimerOf(c.var.actor), c.req.valid('json').content);
    return c.json({ call_id: callIdOf(session.id), index: message.index, role: 'assistant' as const, author: 'operator' as const, author_name: message.author_name, content: message.content, timestamp: message.timestamp }, 201);
  });

  app.openapi(routes.typing, async (c) => {
    await inbox.typing(await conversation(c, c.req.valid('param').call_id), claimerOf(c.var.actor));
    return c.body(null, 204);
  });

  app.openapi(routes.handBack, async (c) => {
    const session = await conversation(c, c.req.valid('param').call_id);
    const { node } = c.req.valid('json');
    const { after, outcome } = await inbox.handBack(session, claimerOf(c.var.actor), node, c.req.raw.signal);
    const { choices } = outcome.reply;
    return c.json({
      call_id: callIdOf(after.id),
      node,
      status: after.status,
      message: { index: after.messageCount - 1, content: outcome.reply.content, ...(choices?.length ? { choices } : {}) },
    }, 200);
  });

  return app;
}
