/**
 * Server-sent events read from a `fetch` body, for the widget and the console.
 * `EventSource` cannot send headers (a session token, a CSRF token) nor POST a message,
 * so reply streams and event channels are parsed here, following the WHATWG
 * event-stream rules. Web-standard streams only: no DOM, no Node.
 */
export interface SseEvent {
  event: string;
  data: string;
  /** The last `id:` seen so far on the stream, for `Last-Event-ID` on reconnect. */
  id: string | null;
}

/**
 * Yields each dispatched event of the stream; comments (`: ping`) are skipped.
 *
 * @example
 * for await (const e of readSse(response.body)) if (e.event === 'delta') show(e.data);
 */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  // Not every fetch ties the body to the request's signal: stop reading explicitly.
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A trailing CR may be the first half of CRLF: keep it until more arrives.
      let end: number;
      while ((end = lineEnd(buffer, done)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1));
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
      if (done) return;
    }
  } finally {
    // Stops the download when the consumer leaves the loop early.
    signal?.removeEventListener('abort', stop);
    stop();
  }
}

function lineEnd(buffer: string, done: boolean): number {
  for (let i = 0; i < buffer.length; i++) {
    const ch = buffer[i];
    if (ch === '\n') return i;
    if (ch === '\r') return i + 1 < buffer.length || done ? i : -1;
  }
  return -1;
}
