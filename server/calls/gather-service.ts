/**
 * Keypad gathers: the API asks the visitor for digits (`gather` on the events channel,
 * the widget shows a keypad); the visitor's answer or the timeout closes it (`gather_end`)
 * and fires `call.gather.completed`, written by the same transaction that closes it. The
 * timeout is data (`expires_at`) resolved by `sweep()`, so it survives a restart and
 * fires exactly once across processes.
 */
import type { z } from 'zod';
import type { gatherRequestSchema, GatherResponse } from '../../shared/api/calls-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { Clock } from '../clock.ts';
import { badRequest, conflict } from '../errors.ts';
import type { GatherRecord, GathersRepo } from '../storage/gathers-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { OutboxEvent } from '../storage/webhook-outbox-repo.ts';
import { callNotInProgress } from './call-errors.ts';

export interface GatherServiceDeps {
  gathers: GathersRepo;
  sessions: Pick<SessionsRepo, 'get'>;
  events: SessionEvents;
  /** A resolution wrote `call.gather.completed` into the outbox: relay it now. */
  nudge: () => void;
  clock: Clock;
}

export function presentGather(gather: GatherRecord): GatherResponse {
  return {
    gather_id: gather.publicId,
    call_id: callIdOf(gather.sessionId),
    status: gather.status,
    prompt: gather.prompt,
    max_digits: gather.maxDigits,
    terminator: gather.terminator,
    timeout_seconds: gather.timeoutSeconds,
    input: gather.input,
    created_at: gather.createdAt,
    expires_at: gather.expiresAt,
  };
}

/**
 * The digits a visitor typed, without the terminator. Keypad keys only, at most
 * `maxDigits` of them; anything else is a 400 saying what is expected.
 */
export function normalizeGatherInput(input: string, gather: Pick<GatherRecord, 'maxDigits' | 'terminator'>): string {
  const trimmed = input.trim();
  const digits = trimmed.endsWith(gather.terminator) ? trimmed.slice(0, -gather.terminator.length) : trimmed;
  if (!/^[0-9*#]*$/.test(digits)) throw badRequest('input: only keypad keys 0-9, * and # are allowed', 'invalid_request');
  if (digits.length > gather.maxDigits) throw badRequest(`input: at most ${gather.maxDigits} digits`, 'invalid_request');
  return digits;
}

export type GatherService = ReturnType<typeof createGatherService>;

const noActiveGather = () => conflict('No gather is active for this call', 'no_active_gather');

/** The webhook event of a gather that closed with `status`, committed with the closing. */
const completion = (status: 'completed' | 'timeout') => (gather: GatherRecord): OutboxEvent[] => [
  {
    workspaceId: gather.workspaceId,
    sessionId: gather.sessionId,
    event: 'call.gather.completed',
    payload: { data: { call_id: callIdOf(gather.sessionId), gather_id: gather.publicId, status, input: gather.input } },
  },
];

export function createGatherService(deps: GatherServiceDeps) {
  const { gathers } = deps;

  /** After the closing is committed: tell the widget, and wake the relay. */
  async function completed(gather: GatherRecord, status: 'completed' | 'timeout'): Promise<void> {
    deps.nudge();
    await deps.events.push(gather.sessionId, { type: 'gather_end', gather_id: gather.publicId, status });
  }

  /** Time out the call's active gather if its time is up; true when it did. */
  async function expireIfDue(gather: GatherRecord): Promise<boolean> {
    if (Date.parse(gather.expiresAt) > deps.clock.now()) return false;
    const timedOut = await gathers.resolve(gather, 'timeout', null, completion('timeout'));
    if (timedOut) await completed(timedOut, 'timeout');
    return true;
  }

  return {
    /** Ask for digits on a live call; 409 when one is already being gathered. */
    async start(session: SessionRecord, request: z.infer<typeof gatherRequestSchema>): Promise<GatherRecord> {
      if (session.status === 'ended') throw callNotInProgress();
      // A gather past its time that the sweeper has not closed yet does not block a new one.
      const previous = await gathers.active(session.id);
      if (previous) await expireIfDue(previous);
      const gather = await gathers.create({
        sessionId: session.id,
        workspaceId: session.workspaceId,
        prompt: request.prompt,
        maxDigits: request.max_digits,
        terminator: request.terminator,
        timeoutSeconds: request.timeout_seconds,
      });
      await deps.events.push(session.id, {
        type: 'gather',
        gather_id: gather.publicId,
        prompt: gather.prompt,
        max_digits: gather.maxDigits,
        terminator: gather.terminator,
        timeout_seconds: gather.timeoutSeconds,
      });
      return gather;
    },

    /** The visitor's answer to the active gather; 409 when none is active. */
    async answer(session: SessionRecord, input: string): Promise<GatherRecord> {
      if (session.status === 'ended') throw callNotInProgress();
      const active = await gathers.active(session.id);
      if (!active) throw noActiveGather();
      // Too late, even if the sweeper has not come by yet.
      if (await expireIfDue(active)) throw noActiveGather();
      const digits = normalizeGatherInput(input, active);
      const resolved = await gathers.resolve(active, 'completed', digits, completion('completed'));
      // The timeout (or a second answer) got there first.
      if (!resolved) throw noActiveGather();
      await completed(resolved, 'completed');
      return resolved;
    },

    /**
     * Close gathers whose time is up: `timeout` (with its webhook) on a live call,
     * `cancelled` on a call that ended meanwhile. Returns how many were closed.
     */
    async sweep(limit = 100): Promise<number> {
      let closed = 0;
      for (const gather of await gathers.expired(limit)) {
        const session = await deps.sessions.get(gather.sessionId);
        const live = session !== undefined && session.status !== 'ended';
        const resolved = live ? await gathers.resolve(gather, 'timeout', null, completion('timeout')) : await gathers.resolve(gather, 'cancelled', null);
        if (!resolved) continue;
        closed += 1;
        if (live) await completed(resolved, 'timeout');
        else await deps.events.push(gather.sessionId, { type: 'gather_end', gather_id: gather.publicId, status: 'cancelled' });
      }
      return closed;
    },
  };
}
