/**
 * Replays and their per-conversation results (#18 item 3). `status = 'queued'` rows, and
 * `running` rows whose lease ran out (their process died), are the queue: a claim is an
 * UPDATE that only succeeds while the row is still claimable, so of several processes
 * exactly one takes it. A replay taken up again goes on with its conversations still
 * `pending`: what a dead process already recorded stands.
 */
import type { Kysely } from 'kysely';
import type { ReplayStatus, ReplayVerdict } from '../../shared/api/replays-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import { isPostgres } from './dialect-of.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';
import { appendOutbox, type OutboxEvent } from './webhook-outbox-repo.ts';

export interface ReplayRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  agentId: number;
  version: number;
  status: ReplayStatus;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface ReplayConversationRecord {
  id: number;
  sessionId: number;
  status: 'pending' | ReplayVerdict;
  /** JSON as recorded by the engine; null while pending. */
  result: unknown;
}

/** Which calls a replay takes when it names none: the agent's, newest first. */
export interface SessionChoice {
  workspaceId: number;
  agentId: number;
  limit: number;
  channel?: string | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
}

function toReplay(row: { id: number; public_id: string; workspace_id: number; agent_id: number; agent_version: number; status: string; error: string | null; created_at: string; started_at: string | null; completed_at: string | null }): ReplayRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    agentId: row.agent_id,
    version: row.agent_version,
    status: row.status as ReplayStatus,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

/** Rows a multi-row INSERT writes at once (SQLite allows 999 bound values per statement). */
const INSERT_BATCH = 200;

export type ReplaysRepo = ReturnType<typeof createReplaysRepo>;

export function createReplaysRepo(db: Kysely<Database>, clock: Clock) {
  const claimable = (now: string) =>
    db
      .selectFrom('replays')
      .select('id')
      .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])])]));

  return {
    /** The sessions `choice` picks, newest first; agent test runs' own sessions (`simulation`) are never picked by default. */
    async chooseSessions(choice: SessionChoice): Promise<number[]> {
      let query = db.selectFrom('sessions').select('id').where('workspace_id', '=', choice.workspaceId).where('entry_agent_id', '=', choice.agentId);
      query = choice.channel === undefined ? query.where('channel', '!=', 'simulation') : query.where('channel', '=', choice.channel);
      if (choice.createdAfter !== undefined) query = query.where('created_at', '>=', choice.createdAfter);
      if (choice.createdBefore !== undefined) query = query.where('created_at', '<', choice.createdBefore);
      const rows = await query.orderBy('id', 'desc').limit(choice.limit).execute();
      return rows.map((row) => row.id);
    },

    /** Of these session ids, those of the workspace. */
    async sessionsOfWorkspace(workspaceId: number, ids: readonly number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('sessions').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', [...ids]).execute();
      return new Set(rows.map((row) => row.id));
    },

    /** Queue a replay of these sessions, in this order, in one transaction. */
    async create(input: { workspaceId: number; agentId: number; version: number; sessionIds: readonly number[] }): Promise<ReplayRecord> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('replays')
          .values({
            public_id: `rpl_${newUlid()}`,
            workspace_id: input.workspaceId,
            agent_id: input.agentId,
            agent_version: input.version,
            status: 'queued',
            error: null,
            lease_until: null,
            created_at: isoNow(clock),
            started_at: null,
            completed_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        for (let start = 0; start < input.sessionIds.length; start += INSERT_BATCH) {
          const batch = input.sessionIds.slice(start, start + INSERT_BATCH);
          await trx
            .insertInto('replay_conversations')
            .values(batch.map((sessionId, offset) => ({ replay_id: row.id, session_id: sessionId, position: start + offset, status: 'pending', result: null })))
            .execute();
        }
        return toReplay(row);
      });
    },

    async find(workspaceId: number, publicId: string): Promise<ReplayRecord | undefined> {
      const row = await db.selectFrom('replays').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toReplay(row) : undefined;
    },

    /** An agent's replays, newest first, `after` being the id the previous page ended with. */
    async listForAgent(agentId: number, page: { limit: number; after?: number | undefined }): Promise<ReplayRecord[]> {
      let query = db.selectFrom('replays').selectAll().where('agent_id', '=', agentId);
      if (page.after !== undefined) query = query.where('id', '<', page.after);
      return (await query.orderBy('id', 'desc').limit(page.limit).execute()).map(toReplay);
    },

    /** Each replay's conversations with their results, in the replay's order. */
    async conversations(replayIds: readonly number[]): Promise<Map<number, ReplayConversationRecord[]>> {
      const byReplay = new Map<number, ReplayConversationRecord[]>(replayIds.map((id) => [id, []]));
      if (replayIds.length === 0) return byReplay;
      const rows = await db.selectFrom('replay_conversations').selectAll().where('replay_id', 'in', [...replayIds]).orderBy('replay_id').orderBy('position').execute();
      for (const row of rows) {
        byReplay.get(row.replay_id)?.push({ id: row.id, sessionId: row.session_id, status: row.status as ReplayConversationRecord['status'], result: row.result === null ? null : JSON.parse(row.result) });
      }
      return byReplay;
    },

    async anyClaimable(): Promise<boolean> {
      return (await claimable(isoNow(clock)).limit(1).executeTakeFirst()) !== undefined;
    },

    /** Take the oldest claimable replay with a lease: a queued one, or one whose process died. */
    async claimNext(leaseMs: number): Promise<ReplayRecord | undefined> {
      const now = isoNow(clock);
      let next = claimable(now).orderBy('id').limit(1);
      if (isPostgres(db)) next = next.forUpdate().skipLocked();
      const row = await db
        .updateTable('replays')
        .set((eb) => ({ status: 'running', lease_until: new Date(clock.now() + leaseMs).toISOString(), started_at: eb.fn.coalesce('started_at', eb.val(now)) }))
        .where('id', '=', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])])]))
        .returningAll()
        .executeTakeFirst();
      return row ? toReplay(row) : undefined;
    },

    /** The heartbeat of a process: it still runs these. */
    async renewLeases(ids: number[], leaseMs: number): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('replays').set({ lease_until: new Date(clock.now() + leaseMs).toISOString() }).where('id', 'in', ids).where('status', '=', 'running').execute();
    },

    /** A stopping process hands its running replay back to the queue. */
    async release(id: number): Promise<void> {
      await db.updateTable('replays').set({ status: 'queued', lease_until: null }).where('id', '=', id).where('status', '=', 'running').execute();
    },

    /** Record one conversation's result, unless another process already did. */
    async recordConversation(id: number, status: ReplayVerdict, result: unknown): Promise<void> {
      await db.updateTable('replay_conversations').set({ status, result: JSON.stringify(result) }).where('id', '=', id).where('status', '=', 'pending').execute();
    },

    /**
     * End a running replay, with the events its end fires in the same transaction; a
     * replay no longer running (another process ended it) answers undefined.
     */
    async finish(id: number, end: { status: 'completed' | 'failed'; error: string | null }, events: (finished: ReplayRecord) => OutboxEvent[] = () => []): Promise<ReplayRecord | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('replays')
          .set({ status: end.status, error: end.error, lease_until: null, completed_at: isoNow(clock) })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        const finished = toReplay(row);
        await appendOutbox(trx, clock, events(finished));
        return finished;
      });
    },
  };
}
