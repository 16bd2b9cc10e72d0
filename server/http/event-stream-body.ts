/**
 * A `text/event-stream` response body with as few layers as the platform allows: one
 * ReadableStream fed straight from its controller, which the Node adapter reads and writes
 * to the socket. Hono's `streamSSE` puts a TransformStream, a second ReadableStream and an
 * awaited writer between an event and the socket — several promise hops and copies per
 * event, which showed in the CPU profile of 50 concurrent streamed turns (bench/README.md).
 * Events sent in one synchronous run (a last delta and the message) go out as one chunk.
 */

/** The headers `streamSSE` sets; `transfer-encoding` also tells the Node adapter not to buffer the body to measure it. */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'transfer-encoding': 'chunked',
} as const;

export interface EventStreamBody {
  readonly body: ReadableStream<Uint8Array>;
  /**
   * Queues one event. `data` must be one line (JSON.stringify output is), and `event` a
   * fixed name. Ignored once the stream is closed or the client left.
   */
  send(event: string, data: string): void;
  /** Sends what is queued and ends the body. */
  close(): void;
}

/** `onCancel` runs once if the client goes away before `close()`. */
export function createEventStreamBody(onCancel: () => void): EventStreamBody {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let queued = '';
  let flushScheduled = false;
  let finished = false;

  const flush = (): void => {
    flushScheduled = false;
    if (queued === '' || !controller) return;
    controller.enqueue(encoder.encode(queued));
    queued = '';
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      if (finished) return;
      finished = true;
      queued = '';
      onCancel();
    },
  });

  return {
    body,
    send(event, data) {
      if (finished) return;
      queued += `event: ${event}\ndata: ${data}\n\n`;
      if (flushScheduled) return;
      flushScheduled = true;
      queueMicrotask(flush);
    },
    close() {
      if (finished) return;
      finished = true;
      flush();
      controller?.close();
    },
  };
}
