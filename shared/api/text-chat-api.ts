/**
 * `/workflow/{id}/text-chat`: the shapes the server answers and the widget reads.
 * Public widget callers get `session_token` once, at creation, and send it back as
 * `x-session-token` on every later call.
 */
import { z } from 'zod';

export const sessionStatusSchema = z.enum(['active', 'transferred', 'ended']);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const endedReasonSchema = z.enum(['agent-hangup', 'visitor-left', 'api', 'timeout', 'transfer', 'error']);
export type EndedReason = z.infer<typeof endedReasonSchema>;

export const feedbackSchema = z.object({ rating: z.enum(['up', 'down']), comment: z.string().max(2000).optional() });

export const messageKindSchema = z.enum(['opening', 'answer', 'retry', 'closing', 'error']);
export type MessageKind = z.infer<typeof messageKindSchema>;

/**
 * A passage of a knowledge base an agent's answer rests on: `index` is its number in the
 * answer's citations ([1]); `quote` the passage (clipped); `url` the document's, if any.
 */
export const messageSourceSchema = z.object({
  index: z.number().int().min(1),
  title: z.string(),
  url: z.string().nullable(),
  quote: z.string(),
  document_id: z.string(),
  knowledge_base_id: z.string(),
});
export type MessageSource = z.infer<typeof messageSourceSchema>;

export const chatMessageSchema = z.object({
  /** Position in the current branch: 0 is the opening, odd are user messages. */
  index: z.number().int(),
  role: z.enum(['assistant', 'user']),
  /** `operator` for a human's reply after a transfer. */
  author: z.enum(['agent', 'user', 'operator']),
  content: z.string(),
  timestamp: z.string(),
  choices: z.array(z.string()).optional(),
  feedback: feedbackSchema.optional(),
  /**
   * What an agent's message is: the `opening`, an `answer`, a `retry` (a question asked
   * again after an answer it could not accept), a `closing` (it ended the conversation or
   * handed it to a person) or the apology of a failed turn (`error`). The widget offers
   * feedback on answers only. Absent on the visitor's and operators' messages.
   */
  kind: messageKindSchema.optional(),
  /** An operator's display name and avatar (an image URL on the Parley server), when the console set them. */
  author_name: z.string().optional(),
  author_avatar: z.string().optional(),
  /** The knowledge-base passages an agent's answer cites (or was given, when it cites none). */
  sources: z.array(messageSourceSchema).optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * How a turn used the LLM, the worst of the turn: `not_used` (no node needed one), `ok`,
 * `unavailable` (no LLM configured: `llm` nodes answered their `fallback` text, `llm`
 * extraction did not run), `error` (the LLM failed: the node's `on_error` route, or the
 * apology).
 */
export const turnLlmStatusSchema = z
  .enum(['not_used', 'ok', 'unavailable', 'error'])
  .describe('How the turn used the LLM: not_used, ok, unavailable (no LLM configured: llm nodes answered their fallback), error');
export type TurnLlmStatus = z.infer<typeof turnLlmStatusSchema>;

/** A tool (or exit function) a turn called, with what it was given and what it answered. */
export const turnToolCallSchema = z.object({
  name: z.string(),
  kind: z.enum(['tool', 'exit']),
  arguments: z.unknown(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  duration_ms: z.number(),
});

/**
 * What the turn that produced an agent's message did: the node it ended in, its tool calls,
 * its latency (ms) and tokens. Figures a turn did not record (a failed turn, an older row)
 * are null.
 */
export const messageTurnSchema = z.object({
  /** The node the turn ended in: the one whose text closes the message (null on a failed turn). */
  node: z.string().nullable(),
  llm: turnLlmStatusSchema.nullable(),
  latency: z.object({
    llm_ttfb_ms: z.number().nullable(),
    llm_total_ms: z.number().nullable(),
    tool_ms: z.number().nullable(),
    /** The server's own time: the turn minus LLM and tool time. */
    server_ms: z.number().nullable(),
  }),
  usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() }),
  tool_calls: z.array(turnToolCallSchema),
});
export type MessageTurn = z.infer<typeof messageTurnSchema>;

/** The workflow's state right after an agent's message: where a rewind to it returns. */
export const messageStateSchema = z.object({
  node: z.string(),
  variables: z.record(z.string(), z.unknown()),
});
export type MessageState = z.infer<typeof messageStateSchema>;

/**
 * A message as a run read answers it. To API-key and console callers, an agent's message
 * also carries `turn` and `state`; a widget (session token) gets neither, since tool
 * results and variables may hold what the agent never told the visitor.
 */
export const runMessageSchema = chatMessageSchema.extend({
  turn: messageTurnSchema.optional(),
  state: messageStateSchema.optional(),
});
export type RunMessage = z.infer<typeof runMessageSchema>;

export const branchSchema = z.object({
  id: z.string(),
  /** The branch this one forked from, and the last message index they share. */
  parent_id: z.string().nullable(),
  fork_index: z.number().int().nullable(),
  message_count: z.number().int(),
  created_at: z.string(),
  current: z.boolean(),
});

/** Signed text has no control characters, so the signed lines (id, name, e-mail) stay unambiguous. */
const signedText = (max: number) => z.string().max(max).regex(/^[^\x00-\x1f\x7f]*$/, 'must not contain control characters');

/**
 * Who the site's server says the visitor is: the fields and their `signature`
 * (HMAC-SHA256, hex, of `id + "\n" + name + "\n" + email` with the agent's visitor secret),
 * or a `token` (a JWT, HS256 with that secret: `sub`, optional `name` and `email`, `exp`).
 * A claim that is unsigned or does not verify is ignored: the visitor stays anonymous.
 */
export const visitorClaimSchema = z
  .object({
    id: signedText(255).min(1).optional(),
    name: signedText(200).optional(),
    email: signedText(320).optional(),
    signature: z.string().max(128).optional(),
    token: z.string().max(4096).optional(),
  })
  .strict();
export type VisitorClaim = z.infer<typeof visitorClaimSchema>;

/** A verified visitor, as sessions and calls show it. */
export const visitorSchema = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export type Visitor = z.infer<typeof visitorSchema>;

export const runSchema = z.object({
  workflow_run_id: z.number().int(),
  call_id: z.string(),
  agent_id: z.string(),
  channel: z.enum(['widget', 'api', 'test', 'simulation']),
  status: sessionStatusSchema,
  ended_reason: endedReasonSchema.nullable(),
  revision: z.number().int(),
  branch_id: z.string(),
  messages: z.array(runMessageSchema),
  branches: z.array(branchSchema),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  /** Only in the answer to a public (widget) create: send it as `x-session-token`. */
  session_token: z.string().optional(),
  /** The verified visitor the session belongs to; absent for an anonymous one. */
  visitor: visitorSchema.optional(),
});
export type RunResponse = z.infer<typeof runSchema>;

export const createRunRequestSchema = z
  .object({ initial_context: z.record(z.string(), z.unknown()).optional(), visitor: visitorClaimSchema.optional() })
  .strict();

export const appendMessageRequestSchema = z
  .object({
    content: z.string().trim().min(1, 'content must not be empty').max(8000),
    expected_revision: z.number().int().min(0).optional(),
  })
  .strict();

/** The answer to an append: the one assistant message the turn produced. */
export const assistantReplySchema = z.object({
  role: z.literal('assistant'),
  content: z.string(),
  timestamp: z.string(),
  choices: z.array(z.string()).optional(),
  index: z.number().int(),
  revision: z.number().int(),
  /** The session's status after the turn, so a client knows when it ended. */
  session_status: sessionStatusSchema,
  /** As on messages: `answer`, `retry`, `closing` or `error`; absent on a relayed message. */
  kind: messageKindSchema.optional(),
  /** As on messages: the knowledge-base passages the answer rests on. */
  sources: z.array(messageSourceSchema).optional(),
  /**
   * The session is with a human: the message was stored at `index` (a user message) and
   * passed to the operators; no assistant message was produced (`content` is empty). The
   * operator's reply arrives on the events channel as a `message` event.
   */
  relayed: z.literal(true).optional(),
});
export type AssistantReply = z.infer<typeof assistantReplySchema>;

export const rewindRequestSchema = z
  .object({
    message_index: z.number().int().min(0),
    /** The branch whose message it is (any branch of the run); the current one when absent. */
    branch_id: z.string().min(1).max(32).optional(),
  })
  .strict();
export const gatherInputRequestSchema = z.object({ input: z.string().max(64) }).strict();

/** Public widget settings read before a session starts. */
export const widgetConfigSchema = z.object({
  agent_id: z.string(),
  name: z.string(),
  title: z.string(),
  welcome_text: z.string().nullable(),
  language: z.string(),
  theme: z.object({ accent: z.string().optional(), font: z.string().optional(), radius: z.string().optional() }),
  /** Visitors may edit their earlier messages (a rewind, then the edited text). */
  allow_edits: z.boolean(),
});
export type WidgetConfig = z.infer<typeof widgetConfigSchema>;

/** Events pushed on `GET …/events` (SSE, each with an `id` for Last-Event-ID). */
export const pushedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: chatMessageSchema }),
  z.object({
    type: z.literal('gather'),
    gather_id: z.string(),
    prompt: z.string(),
    max_digits: z.number().int(),
    terminator: z.string(),
    timeout_seconds: z.number().int(),
  }),
  z.object({ type: z.literal('gather_end'), gather_id: z.string(), status: z.enum(['completed', 'timeout', 'cancelled']) }),
  z.object({ type: z.literal('transferred'), destination: z.string() }),
  z.object({ type: z.literal('ended'), reason: endedReasonSchema }),
]);
export type PushedEvent = z.infer<typeof pushedEventSchema>;

/**
 * On `GET …/events` between the stored events, without an id (never replayed): the
 * operator who has the conversation is writing. A widget shows it for a few seconds.
 */
export const operatorTypingEventSchema = z.object({ type: z.literal('typing'), author: z.literal('operator'), author_name: z.string() });
export type OperatorTypingEvent = z.infer<typeof operatorTypingEventSchema>;
