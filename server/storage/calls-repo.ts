/**
 * Read queries of the calls API over the sessions tables: filtered, keyset-paginated
 * lists (newest first), narrow rows for the summary, and the per-call counts a page
 * needs, fetched for the whole page at once rather than call by call.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { z } from 'zod';
import type { CallFeedbackFilter, CallStatus } from '../../shared/api/calls-api.ts';
import type { EndedReason } from '../../shared/api/text-chat-api.ts';
import { AGENT_ID_PATTERN, parsePositiveInt } from '../../shared/ids.ts';
import type { Database } from './schema.ts';
import { toSession, type Channel, type SessionRecord } from './session-records.ts';

/** A call filter with ids resolved and dates turned into ISO bounds. */
export interface CallQuery {
  workspaceId: number;
  agentId?: number | undefined;
  status?: CallStatus | undefined;
  channel?: Channel | undefined;
  /** started_at >= from */
  from?: string | undefined;
  /** started_at < before (the end bound, already made exclusive) */
  before?: string | undefined;
  /** A verified visitor's calls only. */
  visitorId?: string | undefined;
  endedReason?: EndedReason | undefined;
  feedback?: CallFeedbackFilter | undefined;
  /** Some message of the call, any branch, contains this text (ASCII case folded). */
  text?: string | undefined;
}

export interface SummaryRow {
  id: number;
  agent_id: number;
  status: string;
  ended_reason: string | null;
  transfer_destination: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: string;
  ended_at: string | null;
}

export interface AgentBrief {
  id: number;
  publicId: string;
  name: string;
  model: string | undefined;
}

const modelOnly = z.looseObject({ llm: z.looseObject({ model: z.string().optional() }).optional(), model: z.string().optional() });
const toolCallsOnly = z.looseObject({ tool_calls: z.array(z.looseObject({ name: z.string(), kind: z.string().optional() })).optional() });

/** SQL twin of `callStatusOf` (server/calls/call-status.ts): keep the two in step. */
function statusCondition(eb: ExpressionBuilder<Database, 'sessions'>, status: CallStatus) {
  const ended = eb('status', '=', 'ended');
  const notError = eb.or([eb('ended_reason', 'is', null), eb('ended_reason', '<>', 'error')]);
  const handedOver = eb.or([eb('transfer_destination', 'is not', null), eb('ended_reason', '=', 'transfer')]);
  switch (status) {
    case 'in-progress':
      return eb('status', '=', 'active');
    case 'failed':
      return eb.and([ended, eb('ended_reason', '=', 'error')]);
    case 'transferred':
      return eb.or([eb('status', '=', 'transferred'), eb.and([ended, notError, handedOver])]);
    case 'completed':
      return eb.and([ended, notError, eb('transfer_destination', 'is', null), eb.or([eb('ended_reason', 'is', null), eb('ended_reason', '<>', 'transfer')])]);
  }
}

/** `%`, `_` and the escape itself match literally: the visitor's text is not a pattern. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Calls with (or, for `none`, without) a rated message. The column holds
 * `JSON.stringify({ rating, … })` (sessions-repo `setFeedback`), so the rating is its prefix.
 */
function feedbackCondition(eb: ExpressionBuilder<Database, 'sessions'>, feedback: CallFeedbackFilter) {
  let rated = eb.selectFrom('messages').select('messages.id').whereRef('messages.session_id', '=', 'sessions.id').where('messages.feedback', 'is not', null);
  if (feedback === 'up' || feedback === 'down') rated = rated.where('messages.feedback', 'like', `{"rating":"${feedback}"%`);
  return feedback === 'none' ? eb.not(eb.exists(rated)) : eb.exists(rated);
}

function textCondition(eb: ExpressionBuilder<Database, 'sessions'>, text: string) {
  // ESCAPE is explicit: SQLite's LIKE has no escape character by default.
  const matching = eb
    .selectFrom('messages')
    .select('messages.id')
    .whereRef('messages.session_id', '=', 'sessions.id')
    .where(sql<boolean>`lower(messages.content) like ${containsPattern(text)} escape '\\'`);
  return eb.exists(matching);
}

export type CallsRepo = ReturnType<typeof createCallsRepo>;

export function createCallsRepo(db: Kysely<Database>) {
  function filtered(query: CallQuery) {
    let q = db.selectFrom('sessions').where('workspace_id', '=', query.workspaceId);
    if (query.agentId !== undefined) q = q.where('agent_id', '=', query.agentId);
    if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
    if (query.visitorId !== undefined) q = q.where('visitor_id', '=', query.visitorId);
    if (query.from !== undefined) q = q.where('created_at', '>=', query.from);
    if (query.before !== undefined) q = q.where('created_at', '<', query.before);
    const status = query.status;
    if (status !== undefined) q = q.where((eb) => statusCondition(eb, status));
    if (query.endedReason !== undefined) q = q.where('ended_reason', '=', query.endedReason);
    const { feedback, text } = query;
    if (feedback !== undefined) q = q.where((eb) => feedbackCondition(eb, feedback));
    if (text !== undefined) q = q.where((eb) => textCondition(eb, text));
    return q;
  }

  return {
    /** Newest first; `afterId` is the last id of the previous page. */
    async list(query: CallQuery, page: { limit: number; afterId?: number | undefined }): Promise<SessionRecord[]> {
      let q = filtered(query).selectAll().orderBy('id', 'desc').limit(page.limit);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      return (await q.execute()).map((row) => toSession(row));
    },

    /** The summary's narrow rows, oldest first, a chunk at a time (memory stays flat). */
    async summaryChunk(query: CallQuery, afterId: number, size: number): Promise<SummaryRow[]> {
      return filtered(query)
        .select(['id', 'agent_id', 'status', 'ended_reason', 'transfer_destination', 'prompt_tokens', 'completion_tokens', 'created_at', 'ended_at'])
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(size)
        .execute();
    },

    /** Messages the visitor sent, per call, every branch included. */
    async userMessageCounts(sessionIds: number[]): Promise<Map<number, number>> {
      if (sessionIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('messages')
        .select(['session_id', (eb) => eb.fn.countAll().as('n')])
        .where('session_id', 'in', sessionIds)
        .where('role', '=', 'user')
        .groupBy('session_id')
        .execute();
      return new Map(rows.map((r) => [r.session_id, Number(r.n)]));
    },

    /** Distinct names of the agent tools each call used, in first-use order. */
    async toolNames(sessionIds: number[]): Promise<Map<number, string[]>> {
      const names = new Map<number, string[]>();
      if (sessionIds.length === 0) return names;
      const rows = await db
        .selectFrom('messages')
        .select(['session_id', 'turn'])
        .where('session_id', 'in', sessionIds)
        .where('role', '=', 'assistant')
        // A cheap prefilter on the stored JSON; the parse below decides.
        .where('turn', 'like', '%"kind":"tool"%')
        .orderBy('id')
        .execute();
      for (const row of rows) {
        const parsed = row.turn === null ? undefined : toolCallsOnly.safeParse(JSON.parse(row.turn));
        const list = names.get(row.session_id) ?? [];
        for (const call of parsed?.success ? (parsed.data.tool_calls ?? []) : []) {
          if (call.kind === 'tool' && !list.includes(call.name)) list.push(call.name);
        }
        names.set(row.session_id, list);
      }
      return names;
    },

    /** Agents by internal id, deleted ones included: their calls stay readable. */
    async agents(ids: number[]): Promise<Map<number, AgentBrief>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('agents').select(['id', 'public_id', 'name', 'config']).where('id', 'in', [...new Set(ids)]).execute();
      return new Map(
        rows.map((r) => {
          const parsed = modelOnly.safeParse(JSON.parse(r.config));
          return [r.id, { id: r.id, publicId: r.public_id, name: r.name, model: parsed.success ? parsed.data.llm?.model : undefined }];
        }),
      );
    },

    /** An agent of the workspace by either id form, deleted ones included (for filters). */
    async agentIdOf(workspaceId: number, idOrPublicId: string): Promise<number | undefined> {
      const numeric = parsePositiveInt(idOrPublicId);
      if (numeric === undefined && !AGENT_ID_PATTERN.test(idOrPublicId)) return undefined;
      const q = db.selectFrom('agents').select('id').where('workspace_id', '=', workspaceId);
      const row = await (numeric === undefined ? q.where('public_id', '=', idOrPublicId) : q.where('id', '=', numeric)).executeTakeFirst();
      return row?.id;
    },

    /** The workspace-level default model, when its settings name one. */
    async workspaceModel(workspaceId: number): Promise<string | undefined> {
      const row = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirst();
      if (!row) return undefined;
      const parsed = modelOnly.safeParse(JSON.parse(row.settings));
      return parsed.success ? parsed.data.model : undefined;
    },
  };
}
