/**
 * The narrow ports the session handlers need of storage, declared here so the handlers
 * depend on what they call — not on every repository (STYLE 12). The composition root
 * passes the repositories, which fit these structurally.
 */
import type { MessageState } from '../../shared/api/text-chat-api.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import type { NewSession, SessionChange } from '../storage/sessions-repo.ts';
import type { OutboxEvent } from '../storage/webhook-outbox-repo.ts';

/** Load a session and commit what the aggregate decided. */
export interface SessionStore {
  get(id: number): Promise<SessionRecord | undefined>;
  commit(session: SessionRecord, change: SessionChange): Promise<SessionRecord>;
}

/** A verified visitor's open session, and the extra token another of their devices gets for it. */
export interface VisitorSessions {
  latestOpenOfVisitor(entryAgentId: number, visitorId: string, nowIso: string): Promise<SessionRecord | undefined>;
  addToken(sessionId: number, tokenHash: string): Promise<void>;
}

/** What starting, reading and rewinding a session need besides load and commit. */
export interface SessionHistory extends SessionStore, VisitorSessions {
  create(input: NewSession, change: SessionChange): Promise<SessionRecord>;
  transcript(sessionId: number, branchId: string): Promise<MessageRecord[]>;
  branchSummaries(session: SessionRecord): Promise<{ id: string; parent_id: string | null; fork_index: number | null; created_at: string; message_count: number }[]>;
  messageSnapshot(messageId: number): Promise<unknown>;
  /** The node and variables stored with each of these messages, by message id. */
  messageStates(sessionId: number, messageIds: readonly number[]): Promise<Map<number, MessageState>>;
  setFeedback(messageId: number, feedback: { rating: 'up' | 'down'; comment?: string | undefined }): Promise<void>;
}

/** The agents a session runs, by id or by the id/public id a workflow or API names. */
export interface AgentDirectory {
  findById(id: number): Promise<AgentRecord | undefined>;
  find(workspaceId: number, idOrPublicId: string): Promise<AgentRecord | undefined>;
}

/** Write webhook events that no session change carries (a failed API transfer). */
export interface OutboxWriter {
  append(events: readonly OutboxEvent[]): Promise<unknown>;
}
