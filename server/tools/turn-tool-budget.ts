/**
 * What one turn may spend on tools. A workflow can loop `tool → on_error → tool`, each
 * node retrying, until the 100-node loop guard stops it: hundreds of requests from one
 * message. The budget wraps the turn's tool transport, so it counts every request —
 * retries included, mocked and skipped calls not — and caps their summed time; past
 * either cap a request fails at once, and the tool node takes its `on_error` route.
 */
import { OutboundRefusal } from '../outbound/outbound-refusal.ts';
import type { ToolTransport } from './tool-transport.ts';

export interface TurnToolLimits {
  /** Tool requests per turn, retries included. */
  maxRequests: number;
  /** Milliseconds of tool requests per turn, summed. */
  maxMs: number;
}

export const DEFAULT_TURN_TOOL_LIMITS: TurnToolLimits = Object.freeze({ maxRequests: 10, maxMs: 30_000 });

/**
 * A transport that spends from one turn's budget. Make one per turn.
 * @example const transport = withTurnBudget(guardedFetch, DEFAULT_TURN_TOOL_LIMITS, () => performance.now());
 */
export function withTurnBudget(transport: ToolTransport, limits: TurnToolLimits, now: () => number): ToolTransport {
  let requests = 0;
  let spentMs = 0;
  return async (url, init) => {
    if (requests >= limits.maxRequests) {
      throw new OutboundRefusal('budget_spent', `this message already made ${limits.maxRequests} tool requests, the most one message may make`);
    }
    const remaining = limits.maxMs - spentMs;
    if (remaining <= 0) throw new OutboundRefusal('budget_spent', `this message already spent its ${limits.maxMs / 1000} s of tool time`);
    requests += 1;
    // AbortSignal.timeout takes whole milliseconds; the clock may not.
    const deadline = AbortSignal.timeout(Math.ceil(remaining));
    const started = now();
    try {
      return await transport(url, { ...init, signal: AbortSignal.any([init.signal, deadline]) });
    } catch (error) {
      if (deadline.aborted && !init.signal.aborted) {
        throw new OutboundRefusal('budget_spent', `this message ran out of its ${limits.maxMs / 1000} s of tool time`);
      }
      throw error;
    } finally {
      spentMs += now() - started;
    }
  };
}
