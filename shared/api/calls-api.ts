/**
 * `/v1/calls`: every session of every channel is a call. The list and summary shapes,
 * the single call with its transcript and latency figures, and the live-control bodies.
 */
import { z } from 'zod';
import { AGENT_ID_PATTERN, parsePositiveInt, runIdOfCallId } from '../ids.ts';
import { chatMessageSchema, endedReasonSchema, messageSourceSchema, turnLlmStatusSchema, turnToolCallSchema, visitorClaimSchema, visitorSchema } from './text-chat-api.ts';
import { answerRecordSchema } from './turn-answer.ts';

export const callStatusSchema = z.enum(['in-progress', 'completed', 'failed', 'transferred']);
export type CallStatus = z.infer<typeof callStatusSchema>;

export const callChannelSchema = z.enum(['widget', 'api', 'test', 'simulation']);

/** Calls by their visitors' ratings of answers. */
export const callFeedbackFilterSchema = z.enum(['up', 'down', 'any', 'none']);
export type CallFeedbackFilter = z.infer<typeof callFeedbackFilterSchema>;

/** `YYYY-MM-DD`, or a date-time with its zone (`2026-05-01T10:00:00Z`). */
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const dateQuery = z.string().regex(DATE_PATTERN, 'must be YYYY-MM-DD or an ISO date-time with a zone');

export const callFilterSchema = z.object({
  agent_id: z.string().min(1).max(64).optional().describe('agent_xxxxxxxx or the integer id'),
  status: callStatusSchema.optional(),
  channel: callChannelSchema.optional(),
  from_date: dateQuery.optional().describe('inclusive, on started_at'),
  to_date: dateQuery.optional().describe('inclusive: a bare date covers the whole day (UTC)'),
  visitor_id: visitorClaimSchema.shape.id.describe("a verified visitor's id: their calls only"),
  ended_reason: endedReasonSchema.optional(),
  feedback: callFeedbackFilterSchema.optional().describe('up or down: a visitor rated some answer so; any: rated at all; none: rated nothing'),
  q: z.string().trim().min(1).max(200).optional().describe("text search: calls with a message containing this text (any branch, case-insensitive for ASCII)"),
});
export type CallFilter = z.infer<typeof callFilterSchema>;

export const callListQuerySchema = callFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z
    .string()
    .refine((value) => runIdOfCallId(value) !== undefined, 'after must be a next_cursor from a previous page')
    .optional(),
});

export const callSchema = z.object({
  call_id: z.string().describe('call_ + 8 digits'),
  workflow_run_id: z.number().int(),
  agent_id: z.string(),
  channel: callChannelSchema,
  status: callStatusSchema,
  ended_reason: endedReasonSchema.nullable(),
  transfer_destination: z.string().nullable(),
  duration_seconds: z.number().int(),
  /** Messages the visitor sent, abandoned (rewound) branches included. */
  turn_count: z.number().int(),
  tool_call_count: z.number().int(),
  tools_called: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  /** The workflow's variables as they stand (at the end, for an ended call). */
  extracted_data: z.record(z.string(), z.unknown()),
  model: z.string(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  /** USD, from the per-model price table; 0 for a model without a price. */
  total_cost: z.number(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  /** The verified visitor the call was with (signed by the site's server); null when anonymous. */
  visitor: visitorSchema.nullable(),
});
export type CallResponse = z.infer<typeof callSchema>;

const messageEntrySchema = chatMessageSchema.extend({ type: z.literal('message') });

/** A tool (or exit function) the turn called, placed right before the message it led to. */
const toolCallEntrySchema = z.object({
  type: z.literal('tool_call'),
  message_index: z.number().int(),
  ...turnToolCallSchema.shape,
  timestamp: z.string(),
});

export const transcriptEntrySchema = z.discriminatedUnion('type', [messageEntrySchema, toolCallEntrySchema]);
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export { turnLlmStatusSchema, type TurnLlmStatus } from './text-chat-api.ts';

export const latencyTurnSchema = z.object({
  /** 0 is the opening message; then one per assistant message produced by a turn. */
  turn: z.number().int(),
  message_index: z.number().int(),
  ts: z.string(),
  llm_ttfb_ms: z.number().nullable(),
  llm_total_ms: z.number().nullable(),
  tool_ms: z.number().nullable(),
  server_ms: z.number().nullable(),
  /** Null for turns stored without it (a failed turn, an older version). */
  llm: turnLlmStatusSchema.nullable(),
});
export type LatencyTurn = z.infer<typeof latencyTurnSchema>;

export const callDetailSchema = callSchema.extend({
  /** The current branch, tool calls in place. */
  transcript: z.array(transcriptEntrySchema),
  latency_data: z.object({ turns: z.array(latencyTurnSchema) }),
});

/** Every branch of a call (rewinds fork one), each with its whole transcript, oldest first. */
export const callBranchesSchema = z.object({
  call_id: z.string(),
  branches: z.array(
    z.object({
      id: z.string(),
      /** The branch this one forked from, and the last message index they share. */
      parent_id: z.string().nullable(),
      fork_index: z.number().int().nullable(),
      created_at: z.string(),
      current: z.boolean(),
      transcript: z.array(transcriptEntrySchema),
    }),
  ),
});

export const callExportQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json').describe('json: the call as GET /v1/calls/{call_id} answers it; csv: one record per transcript entry'),
});

export const callListSchema = z.object({ calls: z.array(callSchema), next_cursor: z.string().nullable() });

export const callSummarySchema = z.object({
  total_calls: z.number().int(),
  completed_calls: z.number().int(),
  failed_calls: z.number().int(),
  transferred_calls: z.number().int(),
  in_progress_calls: z.number().int(),
  total_duration_seconds: z.number().int(),
  total_turns: z.number().int(),
  total_tokens: z.number().int(),
  total_cost: z.number(),
  filters: z.object({
    agent_id: z.string().nullable(),
    status: callStatusSchema.nullable(),
    channel: callChannelSchema.nullable(),
    from_date: z.string().nullable(),
    to_date: z.string().nullable(),
    visitor_id: z.string().nullable(),
    ended_reason: endedReasonSchema.nullable(),
    feedback: callFeedbackFilterSchema.nullable(),
    q: z.string().nullable(),
  }),
});

export const callStatusResponseSchema = callSchema.pick({ call_id: true, status: true, duration_seconds: true, started_at: true, ended_at: true });
export type CallStatusResponse = z.infer<typeof callStatusResponseSchema>;

export const transferRequestSchema = z
  .object({
    destination: z
      .string()
      .trim()
      .refine((d) => d === 'human' || AGENT_ID_PATTERN.test(d) || parsePositiveInt(d) !== undefined, 'must be "human" or an agent id (agent_xxxxxxxx or its integer id)')
      .describe('"human", or another agent: agent_xxxxxxxx or its integer id'),
  })
  .strict();

export const transferResponseSchema = z.object({
  call_id: z.string(),
  destination: z.string(),
  transfer_status: z.literal('completed'),
  status: callStatusSchema,
});

export const operatorMessageRequestSchema = z
  .object({ content: z.string().trim().min(1, 'content must not be empty').max(8000) })
  .strict();

export const operatorMessageResponseSchema = z.object({
  call_id: z.string(),
  index: z.number().int(),
  role: z.literal('assistant'),
  author: z.literal('operator'),
  content: z.string(),
  timestamp: z.string(),
});

export const gatherRequestSchema = z
  .object({
    prompt: z.string().trim().min(1).max(500),
    max_digits: z.number().int().min(1).max(20).default(10),
    terminator: z.enum(['#', '*']).default('#'),
    timeout_seconds: z.number().int().min(5).max(60).default(15),
  })
  .strict();

export const gatherStatusSchema = z.enum(['active', 'completed', 'timeout', 'cancelled']);
export type GatherStatus = z.infer<typeof gatherStatusSchema>;

export const gatherSchema = z.object({
  gather_id: z.string(),
  call_id: z.string(),
  status: gatherStatusSchema,
  prompt: z.string(),
  max_digits: z.number().int(),
  terminator: z.string(),
  timeout_seconds: z.number().int(),
  input: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type GatherResponse = z.infer<typeof gatherSchema>;

export const debugLinkSchema = z.object({
  debug_token: z.string().describe('43 characters of base64url'),
  url: z.string(),
});

export const debugTurnSchema = z.object({
  index: z.number().int(),
  role: z.enum(['assistant', 'user']),
  author: z.enum(['agent', 'user', 'operator']),
  content: z.string(),
  timestamp: z.string(),
  llm_ttfb_ms: z.number().nullable(),
  llm_total_ms: z.number().nullable(),
  tool_ms: z.number().nullable(),
  server_ms: z.number().nullable(),
  /** For an assistant message a turn produced; null otherwise. */
  llm: turnLlmStatusSchema.nullable(),
  tool_calls: z.array(z.object({ name: z.string(), ms: z.number(), arguments: z.unknown(), result: z.unknown().optional(), error: z.string().optional() })),
  /** On the assistant message after a user's answer to an `ask` or `form` node: how it was read. */
  answer: answerRecordSchema.optional(),
  /** The knowledge-base passages a grounded answer rests on. */
  sources: z.array(messageSourceSchema).optional(),
});
export type DebugTurn = z.infer<typeof debugTurnSchema>;

export const debugLogSchema = z.object({
  call_id: z.string(),
  status: callStatusSchema,
  duration_seconds: z.number().int(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  turns: z.array(debugTurnSchema),
});
export type DebugLog = z.infer<typeof debugLogSchema>;
