/**
 * Sessions and their transcripts. Every change goes through `commit`, which writes the
 * new messages, the session row and the webhook events the change fires in one
 * transaction, and only if the revision is still the one the caller read: the
 * cross-process guard of DESIGN §4.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { assistantReplySchema, type AssistantReply, type Visitor } from '../../shared/api/text-chat-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import { parseJsonColumn } from './json-column.ts';
import { readMessageStates } from './message-states.ts';
import type { Database, SessionsTable } from './schema.ts';
import { jsonOnce, messageRows, planCommit } from './session-commit-plan.ts';
import { createSqlRunner } from './sql-runner.ts';
import { createSnapshotMemo } from './snapshot-memo.ts';
import type { SnapshotText } from './snapshot-text.ts';
import { createStatementCache } from './statement-cache.ts';
import { commitPostgresStatement, commitSqlite, createSessionPostgres, createSessionSqlite, staleRevision, type SessionOpening } from './session-commit.ts';
import { sqliteGateOf } from './sqlite-gate.ts';
import type { SessionChange } from './session-change.ts';
import { outboxRows } from './webhook-outbox-repo.ts';
import { toMessage, toSession, type Channel, type MessageRecord, type SessionRecord } from './session-records.ts';

export interface NewSession {
  workspaceId: number;
  /** The agent the session runs (after a start node's hand-off, the destination). */
  agentId: number;
  agentVersion: number;
  /** The agent the session was started on, whose URL reaches it; `agentId` when not given. */
  entryAgentId?: number;
  channel: Channel;
  tokenHash?: string | undefined;
  publicKey?: string | undefined;
  metadata?: Record<string, unknown>;
  overrides?: Record<string, unknown>;
  expiresAt: string | null;
  /** The verified visitor it is started for. */
  visitor?: Visitor | undefined;
}

export type { SessionChange } from './session-change.ts';

export interface SessionAccess {
  id: number;
  workspaceId: number;
  /** The agent serving the session now (it changes on a hand-off to another agent). */
  agentId: number;
  /** The agent the session was started through; it never changes. */
  entryAgentId: number;
  tokenHash: string | null;
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;


export function createSessionsRepo(db: Kysely<Database>, clock: Clock) {
  const runner = createSqlRunner(db);
  const statements = createStatementCache();
  const gate = sqliteGateOf(db);
  const snapshots = createSnapshotMemo();
  /** A row as a record, its snapshot from the memo when the row holds what this process committed last. */
  const sessionOf = (row: Selectable<SessionsTable>) => toSession(row, (text) => snapshots.parse(row.id, text));
  /**
   * The snapshot's text, written by the memo (what session `id` committed before spares
   * writing the kept history again), and the JSON writer of the rows, which knows it: the
   * assistant message stores the same snapshot.
   */
  const writeSnapshot = (id: number | undefined, value: unknown) => {
    const written = value === undefined ? undefined : snapshots.stringify(id, value);
    return { written, json: jsonOnce(written ? [[value, written.text]] : []) };
  };
  /** Remember what a commit wrote to the snapshot column. */
  const remember = (id: number, text: SnapshotText | undefined, value: unknown) => {
    if (text) snapshots.committed(id, text, value);
  };

  return {
    /** Create a session with its opening message(s) on branch `b1`, at revision 1. */
    async create(input: NewSession, change: SessionChange): Promise<SessionRecord> {
      const now = isoNow(clock);
      const { written, json } = writeSnapshot(undefined, change.snapshot);
      const snapshot = written?.text ?? null;
      const row: Insertable<SessionsTable> = {
        workspace_id: input.workspaceId,
        agent_id: input.agentId,
        entry_agent_id: input.entryAgentId ?? input.agentId,
        agent_version: input.agentVersion,
        channel: input.channel,
        status: change.status ?? 'active',
        ended_reason: change.endedReason ?? null,
        revision: 1,
        current_branch: 'b1',
        branch_count: 1,
        message_count: change.messages?.length ?? 0,
        snapshot,
        node: change.node ?? null,
        variables: JSON.stringify(change.variables ?? {}),
        metadata: JSON.stringify(input.metadata ?? {}),
        overrides: JSON.stringify(input.overrides ?? {}),
        token_hash: input.tokenHash ?? null,
        public_key: input.publicKey ?? null,
        transfer_destination: change.transferDestination ?? null,
        prompt_tokens: change.usage?.promptTokens ?? 0,
        completion_tokens: change.usage?.completionTokens ?? 0,
        tool_call_count: change.usage?.toolCalls ?? 0,
        created_at: now,
        updated_at: now,
        ended_at: change.endedAt ?? null,
        expires_at: input.expiresAt,
        visitor_id: input.visitor?.id ?? null,
        visitor_name: input.visitor?.name ?? null,
        visitor_email: input.visitor?.email ?? null,
      };
      // What goes in with the session, once its id is known.
      const opening = (inserted: Selectable<SessionsTable>): SessionOpening => {
        const session = toSession(inserted);
        return {
          session,
          branch: { session_id: session.id, id: 'b1', parent_id: null, fork_index: null, created_at: now },
          messages: messageRows({ sessionId: session.id, branchId: session.currentBranch, firstIndex: 0, now }, change.messages ?? [], { id: session.agentId, version: session.agentVersion }, json),
          outbox: outboxRows(clock, change.events?.(session) ?? []),
        };
      };
      const created = gate ? await createSessionSqlite(db, statements, gate, row, opening) : await createSessionPostgres(db, row, opening);
      remember(created.id, written, change.snapshot);
      return created;
    },

    async get(id: number): Promise<SessionRecord | undefined> {
      const [row] = await runner.rows(statements.compiled('session by id', (param) => db.selectFrom('sessions').selectAll().where('id', '=', param<number>('id')), { id }));
      return row ? sessionOf(row) : undefined;
    },

    /** What deciding who may use a session needs, without reading (and parsing) the whole row. */
    async getAccess(id: number): Promise<SessionAccess | undefined> {
      const [row] = await runner.rows(
        statements.compiled(
          'session access by id',
          (param) => db.selectFrom('sessions').select(['id', 'workspace_id', 'agent_id', 'entry_agent_id', 'token_hash']).where('id', '=', param<number>('id')),
          { id },
        ),
      );
      return row
        ? { id: row.id, workspaceId: row.workspace_id, agentId: row.agent_id, entryAgentId: row.entry_agent_id ?? row.agent_id, tokenHash: row.token_hash }
        : undefined;
    },

    /**
     * The newest widget session of this verified visitor started through this agent that is still
     * open (not ended, not past its idle expiry): where a visitor on another device resumes.
     */
    async latestOpenOfVisitor(entryAgentId: number, visitorId: string, nowIso: string): Promise<SessionRecord | undefined> {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('entry_agent_id', '=', entryAgentId)
        .where('channel', '=', 'widget')
        .where('status', '<>', 'ended')
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? sessionOf(row) : undefined;
    },

    /** Another device's session token (its hash), beside the one the session was created with. */
    async addToken(sessionId: number, tokenHash: string): Promise<void> {
      await db.insertInto('session_tokens').values({ token_hash: tokenHash, session_id: sessionId, created_at: isoNow(clock) }).execute();
    },

    /** Whether a token (by hash) was issued to this session for another device. */
    async hasToken(sessionId: number, tokenHash: string): Promise<boolean> {
      const row = await db.selectFrom('session_tokens').select('session_id').where('token_hash', '=', tokenHash).where('session_id', '=', sessionId).executeTakeFirst();
      return row !== undefined;
    },

    async getByPublicKey(publicKey: string): Promise<SessionRecord | undefined> {
      const row = await db.selectFrom('sessions').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
      return row ? sessionOf(row) : undefined;
    },

    /**
     * Apply a change at `session.revision`; a concurrent writer that got there first
     * makes this a 409 and nothing is written.
     */
    async commit(session: SessionRecord, change: SessionChange): Promise<SessionRecord> {
      const { written, json } = writeSnapshot(session.id, change.snapshot);
      const plan = planCommit(session, change, clock, json);
      if (gate) await commitSqlite(db, statements, gate, plan);
      else {
        const [updated] = await runner.rows(commitPostgresStatement(db, statements, plan));
        if (!updated) throw staleRevision();
      }
      remember(plan.saved.id, written, change.snapshot);
      return plan.saved;
    },

    /** The answer an append with this idempotency key got, if the session has stored one. */
    async appendReply(sessionId: number, key: string): Promise<AssistantReply | undefined> {
      const row = await db.selectFrom('append_keys').select('reply').where('session_id', '=', sessionId).where('key', '=', key).executeTakeFirst();
      return row ? parseJsonColumn(assistantReplySchema, row.reply, 'append reply') : undefined;
    },

    /** The state stored with a message (a rewind returns to it); `null` for messages stored without one. */
    async messageSnapshot(messageId: number): Promise<unknown> {
      const row = await db.selectFrom('messages').select('snapshot').where('id', '=', messageId).executeTakeFirst();
      return row?.snapshot ? JSON.parse(row.snapshot) : null;
    },

    /** The node and variables after each of these messages of the session, by message id. */
    messageStates: (sessionId: number, messageIds: readonly number[]) => readMessageStates(db, sessionId, messageIds),

    async branches(sessionId: number) {
      return db.selectFrom('session_branches').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute();
    },

    /** Every branch with how many messages it holds, its inherited prefix included. */
    async branchSummaries(session: SessionRecord) {
      const [branches, maxima] = await Promise.all([
        this.branches(session.id),
        db
          .selectFrom('messages')
          .select(['branch_id', (eb) => eb.fn.max('idx').as('max_idx')])
          .where('session_id', '=', session.id)
          .groupBy('branch_id')
          .execute(),
      ]);
      const maxOf = new Map(maxima.map((m) => [m.branch_id, Number(m.max_idx)]));
      return branches.map((b) => ({
        id: b.id,
        parent_id: b.parent_id,
        fork_index: b.fork_index,
        created_at: b.created_at,
        message_count: b.id === session.currentBranch ? session.messageCount : (maxOf.get(b.id) ?? b.fork_index ?? -1) + 1,
      }));
    },

    /** The messages of a branch, its inherited prefix included, in index order. */
    async transcript(sessionId: number, branchId: string): Promise<MessageRecord[]> {
      const branches = new Map((await this.branches(sessionId)).map((b) => [b.id, b]));
      const segments: { id: string; after: number; upTo: number }[] = [];
      let upTo = Number.POSITIVE_INFINITY;
      for (let branch = branches.get(branchId); branch; branch = branch.parent_id ? branches.get(branch.parent_id) : undefined) {
        segments.push({ id: branch.id, after: branch.fork_index ?? -1, upTo });
        upTo = branch.fork_index ?? -1;
      }
      if (segments.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .select(['id', 'session_id', 'branch_id', 'idx', 'role', 'author', 'content', 'choices', 'turn', 'feedback', 'created_at', 'agent_id', 'agent_version'])
        .select((eb) => eb('snapshot', 'is not', null).as('rewindable'))
        .where('session_id', '=', sessionId)
        .where('branch_id', 'in', segments.map((s) => s.id))
        .orderBy('idx')
        .execute();
      return rows
        .filter((row) => segments.some((s) => s.id === row.branch_id && row.idx > s.after && row.idx <= s.upTo))
        .map(toMessage);
    },

    async setFeedback(messageId: number, feedback: { rating: 'up' | 'down'; comment?: string | undefined }): Promise<void> {
      const value = JSON.stringify({ rating: feedback.rating, ...(feedback.comment ? { comment: feedback.comment } : {}), at: isoNow(clock) });
      await db.updateTable('messages').set({ feedback: value }).where('id', '=', messageId).execute();
    },
  };
}
