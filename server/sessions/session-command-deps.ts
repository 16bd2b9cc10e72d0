/**
 * What every session command handler (turn runner, session service, call control) shares:
 * the session's store and queue, who hears of a change, and the time a change is made at.
 */
import type { Clock } from '../clock.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionChange } from '../storage/sessions-repo.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import { applySessionEvent, type SessionEvent, type SessionState } from './session-aggregate.ts';
import type { SessionEvents } from './session-events.ts';
import type { SessionNotices } from './session-notices.ts';
import type { SessionObserver } from './session-observer.ts';
import type { SessionStore } from './session-ports.ts';

/** What every session command handler shares: the session's store and queue, and who hears of a change. */
export interface SessionCommandDeps {
  sessions: SessionStore;
  queue: KeyedQueue;
  events: SessionEvents;
  /** In-process, after each commit. */
  observer: SessionObserver;
  /** Durable: the events a change fires, written by its commit. */
  notices: SessionNotices;
  clock: Clock;
  /** Idle time after which the session may be swept, by channel and workspace (its settings may set it). */
  idleMsFor(channel: SessionRecord['channel'], workspaceId: number): Promise<number>;
}

/** The change `event` makes to `session` (of workspace `session.workspaceId`) now. */
export async function changeFor(
  deps: Pick<SessionCommandDeps, 'clock' | 'idleMsFor'>,
  session: SessionState & { workspaceId: number },
  event: SessionEvent,
): Promise<SessionChange> {
  const idleMs = await deps.idleMsFor(session.channel, session.workspaceId);
  return applySessionEvent(session, event, { now: deps.clock.now(), idleMs });
}

