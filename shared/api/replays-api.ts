/**
 * Replays (#18 item 3, `rpl_` + ULID): a version of an agent re-runs recorded
 * conversations' user messages, with the recorded tool results as mocks and the recorded
 * LLM answers wherever the version asks the LLM exactly what was asked then. A replay goes
 * `queued → running → completed | failed`; each conversation reports its first divergence.
 */
import { z } from 'zod';
import { CALL_ID_PATTERN } from '../ids.ts';
import { callChannelSchema } from './calls-api.ts';
import { pageQuerySchema } from './pagination.ts';

export const REPLAY_ID_PATTERN = /^rpl_[0-9A-HJKMNP-TV-Z]{26}$/;
/** The most conversations one replay re-runs. */
export const MAX_REPLAY_CONVERSATIONS = 1000;

export const replayStatusSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export type ReplayStatus = z.infer<typeof replayStatusSchema>;

/**
 * `identical`: same path, variables and replies; `text_only`: same path and variables, a
 * reply's text differs; `diverged`: a turn took another path or left other variables;
 * `error`: the conversation could not be replayed (the reason says why).
 */
export const replayVerdictSchema = z.enum(['identical', 'text_only', 'diverged', 'error']);
export type ReplayVerdict = z.infer<typeof replayVerdictSchema>;

const isoDate = z.iso.datetime({ offset: true });

export const replayFiltersSchema = z
  .object({
    channel: callChannelSchema.optional(),
    created_after: isoDate.optional(),
    created_before: isoDate.optional(),
    /** The newest this many of the matching calls (default 100). */
    limit: z.number().int().min(1).max(MAX_REPLAY_CONVERSATIONS).default(100),
  })
  .strict();

export const replayCallsSchema = z.union([
  z.object({ last: z.number().int().min(1).max(MAX_REPLAY_CONVERSATIONS).describe("the agent's newest N calls (agent test runs' own sessions excluded)") }).strict(),
  z.object({ call_ids: z.array(z.string().regex(CALL_ID_PATTERN, 'a call id is call_ and 8 or more digits')).min(1).max(MAX_REPLAY_CONVERSATIONS) }).strict(),
  z.object({ filters: replayFiltersSchema }).strict(),
]);
export type ReplayCalls = z.infer<typeof replayCallsSchema>;

export const startReplaySchema = z
  .object({
    version: z.number().int().min(1).describe('the workflow version to replay against (a draft is a version too)'),
    calls: replayCallsSchema,
  })
  .strict();
export type StartReplayInput = z.input<typeof startReplaySchema>;

/** Where a turn went: the nodes entered in order, and where it rested. */
export const replayTurnSideSchema = z.object({
  path: z.array(z.string()),
  node: z.string().nullable(),
  /** The first transition this side took that the other did not: `from → to`; null when the paths agree. */
  transition: z.string().nullable(),
  reply: z.string(),
});

export const variableDiffSchema = z.object({ path: z.string(), recorded: z.unknown(), replayed: z.unknown() });

export const replayDivergenceSchema = z.object({
  /** 0 is the opening; n is the answer to the n-th user message. */
  turn: z.number().int().min(0),
  user_message: z.string().nullable(),
  recorded: replayTurnSideSchema,
  replayed: replayTurnSideSchema,
  variables: z.array(variableDiffSchema),
});

export const replayConversationSchema = z.object({
  call_id: z.string(),
  status: z.enum(['pending', ...replayVerdictSchema.options]),
  turns_replayed: z.number().int().min(0),
  /** The first turn that differs (by path, variables or text); null when identical or not yet replayed. */
  first_divergence: replayDivergenceSchema.nullable(),
  error: z.string().nullable(),
  /** LLM answers reused because the request was identical, and requests really made. */
  llm: z.object({ reused: z.number().int().min(0), requested: z.number().int().min(0) }),
});
export type ReplayConversation = z.infer<typeof replayConversationSchema>;

export const replaySummarySchema = z.object({
  conversations: z.number().int().min(0),
  identical: z.number().int().min(0),
  text_only: z.number().int().min(0),
  diverged: z.number().int().min(0),
  errors: z.number().int().min(0),
  /** Diverged conversations by the recorded node where each first went elsewhere. */
  diverged_by_node: z.record(z.string(), z.number().int().min(0)),
});
export type ReplaySummary = z.infer<typeof replaySummarySchema>;

export const replaySchema = z.object({
  id: z.string(),
  agent_id: z.string(),
  version: z.number().int(),
  status: replayStatusSchema,
  error: z.string().nullable(),
  summary: replaySummarySchema,
  conversations: z.array(replayConversationSchema),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type Replay = z.infer<typeof replaySchema>;

/** A replay in a list: everything but the per-conversation results. */
export const replayListItemSchema = replaySchema.omit({ conversations: true });
export const replayPageSchema = z.object({ replays: z.array(replayListItemSchema), next_cursor: z.string().nullable() });
export const replayListQuerySchema = pageQuerySchema;
export type ReplayListQuery = z.input<typeof replayListQuerySchema>;
