/**
 * Caps the long-lived `…/events` streams this process holds, per session and per client
 * address: one client once held 110 streams on one session. Over a cap the request is
 * refused with 429 and Retry-After before the stream opens; a slot is freed as soon as
 * its stream ends (client gone, session ended, shutdown).
 */
import { DomainError } from '../errors.ts';

export interface StreamLimits {
  perSession: number;
  perIp: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perSession: 5, perIp: 20 };

/** A slot frees only when a stream closes, so there is no exact time to give: a short wait. */
const RETRY_AFTER_SECONDS = 30;

export interface StreamSlots {
  /** Take a slot for a new stream, or throw 429; call the returned function when it ends. */
  acquire(sessionId: number, ip: string): () => void;
}

export function createStreamSlots(limits: StreamLimits = DEFAULT_STREAM_LIMITS): StreamSlots {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`stream limit ${name} must be a positive integer, got ${String(value)}`);
  }
  const bySession = new Map<number, number>();
  const byIp = new Map<string, number>();
  const tooMany = (message: string) => new DomainError('too_many_streams', message, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
  const change = <K>(counts: Map<K, number>, key: K, by: number) => {
    const next = (counts.get(key) ?? 0) + by;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };

  return {
    acquire(sessionId, ip) {
      if ((bySession.get(sessionId) ?? 0) >= limits.perSession) {
        throw tooMany(`This session already has ${limits.perSession} open event streams: close one before opening another`);
      }
      if ((byIp.get(ip) ?? 0) >= limits.perIp) {
        throw tooMany(`This client already has ${limits.perIp} open event streams: close one before opening another`);
      }
      change(bySession, sessionId, 1);
      change(byIp, ip, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        change(bySession, sessionId, -1);
        change(byIp, ip, -1);
      };
    },
  };
}
