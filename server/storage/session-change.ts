/**
 * The change a commit stores (server/storage/sessions-repo.ts), as the session aggregate
 * decided it (server/sessions/session-aggregate.ts).
 */
import type { AssistantReply, EndedReason, SessionStatus } from '../../shared/api/text-chat-api.ts';
import type { NewMessage, SessionRecord } from './session-records.ts';
import type { OutboxEvent } from './webhook-outbox-repo.ts';

/**
 * What a commit stores, as the session aggregate decided it (server/sessions/session-aggregate.ts):
 * the repository writes it and derives nothing but the revision and the message count.
 * Absent fields stay as they are.
 */
export interface SessionChange {
  messages?: NewMessage[];
  snapshot?: unknown;
  node?: string | null;
  variables?: Record<string, unknown>;
  status?: SessionStatus;
  endedReason?: EndedReason | null;
  transferDestination?: string | null;
  endedAt?: string | null;
  /** The session's totals after the change. */
  usage?: { promptTokens: number; completionTokens: number; toolCalls: number };
  expiresAt?: string | null;
  /** A hand-off to another agent: the session runs that agent's version from now on. */
  agent?: { id: number; version: number };
  /** A rewind: a new current branch forks from `parentId` after message `index`, which becomes the last one. */
  fork?: { branchId: string; parentId: string; index: number };
  /** The events the change fires, from the session as committed: written to the outbox in the same transaction. */
  events?: (saved: SessionRecord) => OutboxEvent[];
  /** An append's idempotency key, stored with the answer it gets, from the session as committed. */
  appendKey?: { key: string; reply: (saved: SessionRecord) => AssistantReply };
}
