/**
 * The session's pushed-events channel (operator messages and typing, keypad prompts,
 * transfer, end), kept open across network drops: it reconnects with backoff and resumes with
 * `Last-Event-ID`, and stops for good when the session is gone or ended.
 */
import { ApiError } from './api-client.ts';
import { readPushedEvent } from './guards.ts';
import type { SseEvent } from '../../shared/sse-reader.ts';
import type { WidgetEvent } from './types.ts';

export interface EventChannelOptions {
  open(lastEventId: string | null, signal: AbortSignal): Promise<AsyncIterable<SseEvent>>;
  onEvent(event: WidgetEvent): void;
  /** A malformed event, or the reason the channel stopped for good. */
  onProblem(error: unknown): void;
  /** The stream is open: the server answers (again). */
  onOpen?(): void;
  /** Waits before each reconnect, in ms; the last one repeats. */
  delays?: readonly number[];
}

export interface EventChannel {
  close(): void;
  /** Reconnect now instead of after the current wait (the browser is back online). */
  wake(): void;
}

/** Capped at 10 s: after a server restart the visitor should not wait half a minute. */
export const DEFAULT_DELAYS = [500, 1000, 2000, 5000, 10000];

/** Statuses after which reconnecting cannot help. */
const FINAL = new Set([401, 403, 404, 410]);

export function openEventChannel(options: EventChannelOptions): EventChannel {
  const controller = new AbortController();
  const { signal } = controller;
  const delays = options.delays ?? DEFAULT_DELAYS;
  let wake = () => {};

  void (async () => {
    let lastEventId: string | null = null;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const stream = await options.open(lastEventId, signal);
        failures = 0;
        options.onOpen?.();
        for await (const event of stream) {
          lastEventId = event.id ?? lastEventId;
          const pushed = parse(event, options.onProblem);
          if (!pushed) continue;
          options.onEvent(pushed);
          if (pushed.type === 'ended') return controller.abort();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && FINAL.has(error.status)) {
          options.onProblem(error);
          return;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        void sleep(delays[Math.min(failures++, delays.length - 1)] ?? 1000, signal).then(resolve);
      });
    }
  })();

  return { close: () => controller.abort(), wake: () => wake() };
}

function parse(event: SseEvent, onProblem: (error: unknown) => void): WidgetEvent | null {
  try {
    const data: unknown = JSON.parse(event.data);
    // The type is in the payload; older servers may name the SSE event only.
    const typed = typeof data === 'object' && data !== null && !('type' in data) ? { ...data, type: event.event } : data;
    return readPushedEvent(typed);
  } catch (error) {
    onProblem(error);
    return null;
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
