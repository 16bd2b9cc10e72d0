import type { ChatMessage } from '../../shared/api/text-chat-api.ts';
import type { SessionRecord } from '../storage/session-records.ts';

/** What a turn took, for metrics: no content, only figures and names. */
export interface TurnSummary {
  elapsedMs: number;
  /** The turn minus LLM and tool time; null for a failed turn. */
  serverMs: number | null;
  /** The error code of a failed turn (answered with the apology). */
  error: string | undefined;
  toolCalls: { name: string; ms: number; failed: boolean }[];
}

/**
 * Lifecycle notifications for whoever cares in this process (metrics, waking the webhook
 * relay). Called after the change is committed, and awaited; an observer must not throw
 * into the turn — `combineObservers` reports its failures instead. Nothing that must
 * survive a crash belongs here: a process can die between the commit and this call.
 * Durable notifications (webhooks) are written by the commit itself: see `SessionNotices`.
 */
export interface SessionObserver {
  started?(session: SessionRecord): void | Promise<void>;
  ended?(session: SessionRecord): void | Promise<void>;
  /**
   * The session was handed over. `session.status` tells how it went: `transferred` to a
   * human, `active` under the destination agent, or `transferred` to an agent destination
   * that could not take it (not found or not published) — a failed hand-off.
   */
  transferred?(session: SessionRecord, destination: string): void | Promise<void>;
  /** A hand-off asked for by the API failed; the session is unchanged. */
  transferFailed?(session: SessionRecord, destination: string, error: string): void | Promise<void>;
  userMessage?(session: SessionRecord, content: string): void | Promise<void>;
  /** A visitor's message stored for the human who has the conversation (no turn ran). */
  relayed?(session: SessionRecord, message: ChatMessage): void | Promise<void>;
  /** A turn was committed, answered or failed. */
  turnEnded?(session: SessionRecord, turn: TurnSummary): void | Promise<void>;
}

type Hook = keyof SessionObserver;

/** All observers as one; a failing observer is reported to `onError` and the others still run. */
export function combineObservers(observers: SessionObserver[], onError: (error: unknown, hook: Hook) => void): Required<SessionObserver> {
  const each = async (hook: Hook, call: (o: SessionObserver) => void | Promise<void>) => {
    await Promise.all(
      observers.map(async (o) => {
        try {
          await call(o);
        } catch (error) {
          onError(error, hook);
        }
      }),
    );
  };
  return {
    started: (s) => each('started', (o) => o.started?.(s)),
    ended: (s) => each('ended', (o) => o.ended?.(s)),
    transferred: (s, d) => each('transferred', (o) => o.transferred?.(s, d)),
    transferFailed: (s, d, e) => each('transferFailed', (o) => o.transferFailed?.(s, d, e)),
    userMessage: (s, c) => each('userMessage', (o) => o.userMessage?.(s, c)),
    relayed: (s, m) => each('relayed', (o) => o.relayed?.(s, m)),
    turnEnded: (s, t) => each('turnEnded', (o) => o.turnEnded?.(s, t)),
  };
}
