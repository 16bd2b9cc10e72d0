/**
 * The loop of an event stream that follows changes announced on the session event bus:
 * it catches up once when it opens and again after each announcement (a burst of them is
 * caught up once), sends `: ping` heartbeats so proxies keep it open, and ends when the
 * client goes, the server begins shutting down, or `catchUp` says the stream is done.
 */
import type { SSEStreamingApi } from 'hono/streaming';

export interface ChangeFollower {
  /** Calls `onChange` whenever there may be something new; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** Sends what is new; resolves true once the stream has said all it will. */
  catchUp(): Promise<boolean>;
  heartbeatMs: number;
  /** Aborted when the server begins shutting down: the stream ends cleanly. */
  closing?: AbortSignal | undefined;
}

export async function followChanges(stream: SSEStreamingApi, follower: ChangeFollower): Promise<void> {
  let wake: (() => void) | undefined;
  let pending = true;
  let done = false;
  const unsubscribe = follower.subscribe(() => {
    pending = true;
    wake?.();
  });
  const heartbeat = setInterval(() => void stream.write(': ping\n\n').catch(() => undefined), follower.heartbeatMs);
  const onClosing = () => wake?.();
  follower.closing?.addEventListener('abort', onClosing, { once: true });
  stream.onAbort(() => wake?.());
  try {
    while (!stream.aborted && !stream.closed && !done && !follower.closing?.aborted) {
      if (pending) {
        pending = false;
        done = await follower.catchUp();
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    clearInterval(heartbeat);
    follower.closing?.removeEventListener('abort', onClosing);
    unsubscribe();
  }
}
