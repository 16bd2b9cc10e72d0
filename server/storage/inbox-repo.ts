/**
 * The operator inbox's storage: conversations handed to a human with who has claimed them
 * and how much of each the claimer has not read, and the claims themselves. A claim is
 * taken with one insert that the primary key lets only one operator (or process) win.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import type { Database } from './schema.ts';

export interface InboxClaim {
  sessionId: number;
  claimedBy: string;
  displayName: string;
  readCount: number;
  claimedAt: string;
}

export interface InboxEntry {
  sessionId: number;
  agentId: number;
  agentPublicId: string;
  agentName: string;
  channel: string;
  node: string | null;
  /** The agent's last words before the hand-off: what it told the visitor. */
  handOffMessage: string | null;
  /** When the conversation was handed to the human (its `transferred` event), else its last change. */
  waitingSince: string;
  updatedAt: string;
  messageCount: number;
  /** Visitor messages the claimer has not read; with no claim, every visitor message. */
  unreadCount: number;
  lastMessage: { author: string; content: string } | null;
  claim: InboxClaim | null;
}

/** How many conversations one queue read returns: the oldest waiting first. */
export const INBOX_LIMIT = 200;

export type InboxRepo = ReturnType<typeof createInboxRepo>;

/** A column of the session's latest message on its current branch. */
function lastMessage(eb: ExpressionBuilder<Database & { s: Database['sessions'] }, 's'>, column: 'author' | 'content') {
  return eb
    .selectFrom('messages as m')
    .whereRef('m.session_id', '=', 's.id')
    .whereRef('m.branch_id', '=', 's.current_branch')
    .select(`m.${column}`)
    .orderBy('m.idx', 'desc')
    .limit(1);
}

export function createInboxRepo(db: Kysely<Database>, clock: Clock) {
  function waitingQuery() {
    return db
      .selectFrom('sessions as s')
      .innerJoin('agents as a', 'a.id', 's.agent_id')
      .leftJoin('inbox_claims as c', 'c.session_id', 's.id')
      .where('s.status', '=', 'transferred')
      .where('s.transfer_destination', '=', 'human')
      .select((eb) => [
        's.id as session_id',
        's.agent_id',
        'a.public_id as agent_public_id',
        'a.name as agent_name',
        's.channel',
        's.node',
        's.updated_at',
        's.message_count',
        'c.claimed_by',
        'c.display_name',
        'c.read_count',
        'c.claimed_at',
        eb
          .selectFrom('session_events as e')
          .whereRef('e.session_id', '=', 's.id')
          .where('e.type', '=', 'transferred')
          .select((e) => e.fn.max('e.created_at').as('at'))
          .as('transferred_at'),
        eb
          .selectFrom('messages as m')
          .whereRef('m.session_id', '=', 's.id')
          .whereRef('m.branch_id', '=', 's.current_branch')
          .where('m.role', '=', 'user')
          .where('m.idx', '>=', sql<number>`coalesce(c.read_count, 0)`)
          .select((m) => m.fn.countAll<number>().as('n'))
          .as('unread_count'),
        eb
          .selectFrom('messages as m')
          .whereRef('m.session_id', '=', 's.id')
          .whereRef('m.branch_id', '=', 's.current_branch')
          .where('m.author', '=', 'agent')
          .select('m.content')
          .orderBy('m.idx', 'desc')
          .limit(1)
          .as('hand_off_message'),
        lastMessage(eb, 'author').as('last_author'),
        lastMessage(eb, 'content').as('last_content'),
      ]);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof waitingQuery>['execute']>>[number];

  function toEntry(row: Row): InboxEntry {
    return {
      sessionId: row.session_id,
      agentId: row.agent_id,
      agentPublicId: row.agent_public_id,
      agentName: row.agent_name,
      channel: row.channel,
      node: row.node,
      handOffMessage: row.hand_off_message ?? null,
      waitingSince: row.transferred_at ?? row.updated_at,
      updatedAt: row.updated_at,
      messageCount: row.message_count,
      unreadCount: Number(row.unread_count ?? 0),
      lastMessage: row.last_author && row.last_content !== null && row.last_content !== undefined ? { author: row.last_author, content: row.last_content } : null,
      claim:
        row.claimed_by === null || row.display_name === null || row.read_count === null || row.claimed_at === null
          ? null
          : { sessionId: row.session_id, claimedBy: row.claimed_by, displayName: row.display_name, readCount: row.read_count, claimedAt: row.claimed_at },
    };
  }

  return {
    /** Conversations of the workspace that a human has, oldest waiting first. */
    async waiting(workspaceId: number): Promise<InboxEntry[]> {
      const rows = await waitingQuery().where('s.workspace_id', '=', workspaceId).orderBy('s.id').limit(INBOX_LIMIT).execute();
      return rows.map(toEntry).sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.sessionId - b.sessionId);
    },

    /** One conversation of the queue, or `undefined` when it is not with a human. */
    async entry(workspaceId: number, sessionId: number): Promise<InboxEntry | undefined> {
      const row = await waitingQuery().where('s.workspace_id', '=', workspaceId).where('s.id', '=', sessionId).executeTakeFirst();
      return row && toEntry(row);
    },

    async claimOf(sessionId: number): Promise<InboxClaim | undefined> {
      const row = await db.selectFrom('inbox_claims').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      return row && { sessionId: row.session_id, claimedBy: row.claimed_by, displayName: row.display_name, readCount: row.read_count, claimedAt: row.claimed_at };
    },

    /**
     * Claim a conversation; the claim that exists afterwards is returned, so the caller
     * sees whether it won. A claim by the same claimer again keeps the first.
     */
    async claim(input: { sessionId: number; workspaceId: number; claimedBy: string; displayName: string; readCount: number }): Promise<InboxClaim> {
      await db
        .insertInto('inbox_claims')
        .values({ session_id: input.sessionId, workspace_id: input.workspaceId, claimed_by: input.claimedBy, display_name: input.displayName, read_count: input.readCount, claimed_at: isoNow(clock) })
        .onConflict((oc) => oc.column('session_id').doNothing())
        .execute();
      const claim = await this.claimOf(input.sessionId);
      if (!claim) throw new Error(`claim of session ${input.sessionId} vanished`);
      return claim;
    },

    /** The claimer has read the conversation up to `readCount` messages (never backwards). */
    async markRead(sessionId: number, claimedBy: string, readCount: number): Promise<void> {
      await db
        .updateTable('inbox_claims')
        .set({ read_count: readCount })
        .where('session_id', '=', sessionId)
        .where('claimed_by', '=', claimedBy)
        .where('read_count', '<', readCount)
        .execute();
    },

    /** The conversation left the human (handed back, ended): nobody holds it any more. */
    async release(sessionId: number): Promise<void> {
      await db.deleteFrom('inbox_claims').where('session_id', '=', sessionId).execute();
    },
  };
}
