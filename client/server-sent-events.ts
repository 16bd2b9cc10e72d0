/** One event of a `text/event-stream`: its name (`message` when unnamed), data and id. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body into events, as the HTML standard's parser does: `\n`,
 * `\r\n` or `\r` line ends, `data:` lines joined by `\n`, comments (`: ping`) skipped, and an
 * event cut short by the end of the stream dropped. It reads with `getReader()` rather than
 * async iteration, which not every browser has; leaving the loop early (or an abort) cancels
 * the body, so the connection closes.
 *
 * @example
 * for await (const event of readServerSentEvents(response.body)) console.log(event.event, event.data);
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: ServerSentEvent = { event: 'message', data: '' };
  let data: string[] = [];
  let done = false;
  try {
    while (!done) {
      const chunk = await reader.read();
      done = chunk.done;
      buffer += done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      // A `\r` at the end may be the first half of a `\r\n`: hold it until the next chunk.
      const held = !done && buffer.endsWith('\r') ? '\r' : '';
      const lines = buffer.slice(0, buffer.length - held.length).split(/\r\n|\r|\n/);
      // An event the stream's end cuts short is dropped, as the standard says.
      buffer = (lines.pop() ?? '') + held;
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0 || event.id !== undefined) yield { ...event, data: data.join('\n') };
          event = { event: 'message', data: '' };
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') event.id = value;
      }
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
