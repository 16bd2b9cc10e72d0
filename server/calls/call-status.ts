/**
 * How a session's lifecycle reads as a call (the calls API and webhooks):
 * `active` is `in-progress`; a session handed to a human is `transferred`, also after it
 * ended; an ended session is `failed` when it ended on an error, else `completed`.
 * The SQL twin of this mapping is `statusCondition` in server/storage/calls-repo.ts.
 */
import type { CallStatus } from '../../shared/api/calls-api.ts';
import type { SessionRecord } from '../storage/session-records.ts';

type StatusFields = Pick<SessionRecord, 'status' | 'endedReason' | 'transferDestination'>;

export function callStatusOf(session: StatusFields): CallStatus {
  if (session.status === 'active') return 'in-progress';
  if (session.status === 'transferred') return 'transferred';
  if (session.endedReason === 'error') return 'failed';
  if (session.transferDestination !== null || session.endedReason === 'transfer') return 'transferred';
  return 'completed';
}

/** Whole seconds from start to end, or to `nowMs` while the call goes on. */
export function durationSeconds(startedAt: string, endedAt: string | null, nowMs: number): number {
  const end = endedAt === null ? nowMs : Date.parse(endedAt);
  return Math.max(0, Math.round((end - Date.parse(startedAt)) / 1000));
}
