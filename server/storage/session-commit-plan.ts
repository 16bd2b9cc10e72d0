/**
 * What a session commit writes, worked out before any statement runs: the session as it
 * will be (`saved`), the columns that change, the new branch, the messages, the outbox
 * rows and the append's idempotency key. Knowing `saved` first lets the commit run as one synchronous transaction on SQLite
 * and as one statement on Postgres, and keeps the stored row and the returned record from
 * one source (sessions-repo.test.ts reads every change back to check they agree).
 */
import type { Insertable, Updateable } from 'kysely';
import type { Clock } from '../clock.ts';
import type { WebhookOutboxTable } from './calls-webhooks-schema.ts';
import type { AppendKeysTable, MessagesTable, SessionBranchesTable, SessionsTable } from './schema.ts';
import type { NewMessage, SessionRecord } from './session-records.ts';
import type { SessionChange } from './session-change.ts';
import { storableText } from './storable-text.ts';
import { outboxRows } from './webhook-outbox-repo.ts';

export interface CommitPlan {
  /** The session as committed: `revision + 1`, the change applied. */
  saved: SessionRecord;
  /** The guard: the revision the change was made at. */
  revision: number;
  set: Updateable<SessionsTable>;
  branch: Insertable<SessionBranchesTable> | undefined;
  messages: Insertable<MessagesTable>[];
  outbox: Insertable<WebhookOutboxTable>[];
  /** The append's idempotency key and the answer it got (server/storage/migrations/012-append-keys.ts). */
  appendKey: Insertable<AppendKeysTable> | undefined;
}

/**
 * JSON text of a value, written once per object: a turn's snapshot (and a new session's)
 * is stored on the session and on its assistant message, and is several KB. `known`: texts
 * already written (the snapshot's, by the snapshot memo).
 */
export function jsonOnce(known: Iterable<readonly [unknown, string]> = []): (value: unknown) => string {
  const texts = new Map<unknown, string>(known);
  return (value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  };
}

/** The session after `change`, as a record. */
function applied(session: SessionRecord, change: SessionChange, at: { now: string; branchId: string; messageCount: number }): SessionRecord {
  return {
    ...session,
    revision: session.revision + 1,
    messageCount: at.messageCount,
    updatedAt: at.now,
    currentBranch: at.branchId,
    branchCount: change.fork ? session.branchCount + 1 : session.branchCount,
    ...(change.snapshot !== undefined ? { snapshot: change.snapshot } : {}),
    ...(change.node !== undefined ? { node: change.node } : {}),
    ...(change.variables ? { variables: change.variables } : {}),
    ...(change.status ? { status: change.status } : {}),
    ...(change.endedReason !== undefined ? { endedReason: change.endedReason } : {}),
    ...(change.transferDestination !== undefined ? { transferDestination: change.transferDestination } : {}),
    ...(change.endedAt !== undefined ? { endedAt: change.endedAt } : {}),
    ...(change.expiresAt !== undefined ? { expiresAt: change.expiresAt } : {}),
    ...(change.agent ? { agentId: change.agent.id, agentVersion: change.agent.version } : {}),
    ...(change.usage ? { promptTokens: change.usage.promptTokens, completionTokens: change.usage.completionTokens, toolCallCount: change.usage.toolCalls } : {}),
  };
}

/** The columns of `saved` that `change` moves. */
function columns(saved: SessionRecord, change: SessionChange, json: (value: unknown) => string): Updateable<SessionsTable> {
  return {
    revision: saved.revision,
    message_count: saved.messageCount,
    updated_at: saved.updatedAt,
    ...(change.fork ? { current_branch: saved.currentBranch, branch_count: saved.branchCount } : {}),
    ...(change.snapshot !== undefined ? { snapshot: json(change.snapshot) } : {}),
    ...(change.node !== undefined ? { node: saved.node } : {}),
    ...(change.variables ? { variables: json(saved.variables) } : {}),
    ...(change.status ? { status: saved.status } : {}),
    ...(change.endedReason !== undefined ? { ended_reason: saved.endedReason } : {}),
    ...(change.transferDestination !== undefined ? { transfer_destination: saved.transferDestination } : {}),
    ...(change.endedAt !== undefined ? { ended_at: saved.endedAt } : {}),
    ...(change.expiresAt !== undefined ? { expires_at: saved.expiresAt } : {}),
    ...(change.agent ? { agent_id: saved.agentId, agent_version: saved.agentVersion } : {}),
    ...(change.usage ? { prompt_tokens: saved.promptTokens, completion_tokens: saved.completionTokens, tool_call_count: saved.toolCallCount } : {}),
  };
}

/**
 * Message rows at `firstIndex` onwards. `agent`: whose workflow the messages' snapshots
 * belong to — the session's agent after the change.
 */
export function messageRows(
  at: { sessionId: number; branchId: string; firstIndex: number; now: string },
  messages: readonly NewMessage[],
  agent: { id: number; version: number },
  json: (value: unknown) => string = JSON.stringify,
): Insertable<MessagesTable>[] {
  return messages.map((m, offset) => ({
    session_id: at.sessionId,
    branch_id: at.branchId,
    idx: at.firstIndex + offset,
    role: m.role,
    author: m.author,
    content: storableText(m.content),
    choices: m.choices?.length ? JSON.stringify(m.choices) : null,
    snapshot: m.snapshot === undefined ? null : json(m.snapshot),
    turn: m.turn ? JSON.stringify(m.turn) : null,
    feedback: null,
    created_at: at.now,
    agent_id: agent.id,
    agent_version: agent.version,
  }));
}

/**
 * Everything `commit(session, change)` writes, and the session it leaves. `json` writes its
 * JSON columns: the caller's may already know the snapshot's text.
 */
export function planCommit(session: SessionRecord, change: SessionChange, clock: Clock, json: (value: unknown) => string = jsonOnce()): CommitPlan {
  const now = new Date(clock.now()).toISOString();
  const { fork } = change;
  const added = change.messages ?? [];
  const branchId = fork?.branchId ?? session.currentBranch;
  const firstIndex = fork ? fork.index + 1 : session.messageCount;
  const saved = applied(session, change, { now, branchId, messageCount: firstIndex + added.length });
  return {
    saved,
    revision: session.revision,
    set: columns(saved, change, json),
    branch: fork ? { session_id: session.id, id: fork.branchId, parent_id: fork.parentId, fork_index: fork.index, created_at: now } : undefined,
    messages: messageRows({ sessionId: session.id, branchId, firstIndex, now }, added, { id: saved.agentId, version: saved.agentVersion }, json),
    outbox: outboxRows(clock, change.events?.(saved) ?? []),
    appendKey: change.appendKey
      ? { session_id: session.id, key: change.appendKey.key, reply: JSON.stringify(change.appendKey.reply(saved)), created_at: now }
      : undefined,
  };
}
