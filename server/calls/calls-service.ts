/**
 * Reading calls: find one within a workspace, list with filters and a cursor, sum them
 * up, and present one with its transcript. Figures that need other tables (agent, model,
 * turns, tools) are fetched per page in a few queries, never per call.
 */
import type { z } from 'zod';
import type { CallFilter, CallResponse, CallStatusResponse, callBranchesSchema, callDetailSchema, callSummarySchema } from '../../shared/api/calls-api.ts';
import { endedReasonSchema, sessionStatusSchema } from '../../shared/api/text-chat-api.ts';
import { callIdOf, runIdOfCallId } from '../../shared/ids.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../errors.ts';
import { roundUsd, type Pricing } from '../llm/pricing.ts';
import type { AgentBrief, CallsRepo, SummaryRow } from '../storage/calls-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import { presentCall, presentCallStatus, presentLatency, presentTranscript } from './call-presenter.ts';
import { resolveCallQuery } from './call-query.ts';
import { callStatusOf, durationSeconds } from './call-status.ts';
import { keysetPage } from '../storage/keyset-page.ts';

export interface CallsServiceDeps {
  calls: CallsRepo;
  sessions: Pick<SessionsRepo, 'get' | 'transcript' | 'branches'>;
  pricing: Pricing;
  /** The server's default model (the LLM client's), after agent and workspace settings. */
  defaultModel: string;
  clock: Clock;
}

type CallSummary = z.infer<typeof callSummarySchema>;
type CallDetail = z.infer<typeof callDetailSchema>;
type CallBranches = z.infer<typeof callBranchesSchema>;

const SUMMARY_CHUNK = 1000;
/** Each branch is read whole: a call rewound more often than this shows its newest branches. */
const MAX_BRANCHES = 50;

export type CallsService = ReturnType<typeof createCallsService>;

export function createCallsService(deps: CallsServiceDeps) {
  const { calls, pricing, clock } = deps;

  /**
   * The model each agent's calls are priced at: agent, then workspace, then server. The
   * workspace and each agent are read once, however many chunks of calls ask.
   */
  function modelLookup(workspaceId: number) {
    const agents = new Map<number, AgentBrief>();
    let workspaceModel: Promise<string | undefined> | undefined;
    return async (agentIds: number[]) => {
      const [found, fallback] = await Promise.all([
        calls.agents(agentIds.filter((id) => !agents.has(id))),
        (workspaceModel ??= calls.workspaceModel(workspaceId)),
      ]);
      for (const [id, agent] of found) agents.set(id, agent);
      return { agents, modelOf: (agentId: number) => agents.get(agentId)?.model ?? fallback ?? deps.defaultModel };
    };
  }

  async function present(workspaceId: number, sessions: SessionRecord[]): Promise<CallResponse[]> {
    const ids = sessions.map((s) => s.id);
    const [{ agents, modelOf }, turns, tools] = await Promise.all([
      modelLookup(workspaceId)(sessions.map((s) => s.agentId)),
      calls.userMessageCounts(ids),
      calls.toolNames(ids),
    ]);
    const nowMs = clock.now();
    return sessions.map((session) => {
      const model = modelOf(session.agentId);
      return presentCall(session, {
        agentPublicId: agents.get(session.agentId)?.publicId ?? '',
        model,
        cost: pricing.cost(model, session.promptTokens, session.completionTokens),
        turnCount: turns.get(session.id) ?? 0,
        toolsCalled: tools.get(session.id) ?? [],
        nowMs,
      });
    });
  }

  function emptySummary(filter: CallFilter): CallSummary {
    return {
      total_calls: 0,
      completed_calls: 0,
      failed_calls: 0,
      transferred_calls: 0,
      in_progress_calls: 0,
      total_duration_seconds: 0,
      total_turns: 0,
      total_tokens: 0,
      total_cost: 0,
      filters: {
        agent_id: filter.agent_id ?? null,
        status: filter.status ?? null,
        channel: filter.channel ?? null,
        from_date: filter.from_date ?? null,
        to_date: filter.to_date ?? null,
        visitor_id: filter.visitor_id ?? null,
        ended_reason: filter.ended_reason ?? null,
        feedback: filter.feedback ?? null,
        q: filter.q ?? null,
      },
    };
  }

  /** One call in its list form: what `call.*` webhooks carry, and the head of its detail. */
  async function presentOne(session: SessionRecord): Promise<CallResponse> {
    const [call] = await present(session.workspaceId, [session]);
    if (!call) throw new Error(`call ${session.id} could not be presented`);
    return call;
  }

  return {
    presentOne,

    /** The call, or 404 for an unknown id and for another workspace's call alike. */
    async require(workspaceId: number, callId: string): Promise<SessionRecord> {
      const runId = runIdOfCallId(callId);
      const session = runId === undefined ? undefined : await deps.sessions.get(runId);
      if (!session || session.workspaceId !== workspaceId) throw notFound('Call not found');
      return session;
    },

    async list(workspaceId: number, filter: CallFilter, page: { limit: number; after?: string | undefined }) {
      const query = await resolveCallQuery(calls, workspaceId, filter);
      const afterId = page.after === undefined ? undefined : runIdOfCallId(page.after);
      const rows = await calls.list(query, { limit: page.limit + 1, afterId });
      const { items, nextCursor } = keysetPage(rows, page.limit, (row) => callIdOf(row.id));
      return { calls: await present(workspaceId, items), next_cursor: nextCursor };
    },

    /** Totals over every matching call, computed exactly as the list computes each call. */
    async summary(workspaceId: number, filter: CallFilter): Promise<CallSummary> {
      const summary = emptySummary(filter);
      const query = await resolveCallQuery(calls, workspaceId, filter);
      const nowMs = clock.now();
      const modelsFor = modelLookup(workspaceId);
      let cost = 0;
      let afterId = 0;
      for (;;) {
        const rows: SummaryRow[] = await calls.summaryChunk(query, afterId, SUMMARY_CHUNK);
        if (rows.length === 0) break;
        const [{ modelOf }, turns] = await Promise.all([modelsFor(rows.map((r) => r.agent_id)), calls.userMessageCounts(rows.map((r) => r.id))]);
        for (const row of rows) {
          const status = callStatusOf({
            status: sessionStatusSchema.parse(row.status),
            endedReason: row.ended_reason === null ? null : endedReasonSchema.parse(row.ended_reason),
            transferDestination: row.transfer_destination,
          });
          summary.total_calls += 1;
          if (status === 'completed') summary.completed_calls += 1;
          else if (status === 'failed') summary.failed_calls += 1;
          else if (status === 'transferred') summary.transferred_calls += 1;
          else summary.in_progress_calls += 1;
          summary.total_duration_seconds += durationSeconds(row.created_at, row.ended_at, nowMs);
          summary.total_turns += turns.get(row.id) ?? 0;
          summary.total_tokens += row.prompt_tokens + row.completion_tokens;
          cost += pricing.cost(modelOf(row.agent_id), row.prompt_tokens, row.completion_tokens);
        }
        afterId = rows.at(-1)?.id ?? afterId;
        if (rows.length < SUMMARY_CHUNK) break;
      }
      summary.total_cost = roundUsd(cost);
      return summary;
    },

    async detail(session: SessionRecord): Promise<CallDetail> {
      const [call, messages] = await Promise.all([presentOne(session), deps.sessions.transcript(session.id, session.currentBranch)]);
      return { ...call, transcript: presentTranscript(messages), latency_data: { turns: presentLatency(messages) } };
    },

    /** Every branch with its transcript; past MAX_BRANCHES, the newest (the current one always). */
    async branches(session: SessionRecord): Promise<CallBranches> {
      const rows = await deps.sessions.branches(session.id);
      const kept = rows.slice(-MAX_BRANCHES);
      if (!kept.some((b) => b.id === session.currentBranch)) kept.splice(0, 1, ...rows.filter((b) => b.id === session.currentBranch));
      const branches = await Promise.all(
        kept.map(async (b) => ({
          id: b.id,
          parent_id: b.parent_id,
          fork_index: b.fork_index,
          created_at: b.created_at,
          current: b.id === session.currentBranch,
          transcript: presentTranscript(await deps.sessions.transcript(session.id, b.id)),
        })),
      );
      return { call_id: callIdOf(session.id), branches };
    },

    status: (session: SessionRecord): CallStatusResponse => presentCallStatus(session, clock.now()),
  };
}
