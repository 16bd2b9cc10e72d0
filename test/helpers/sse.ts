/** Reads an SSE response body into `{event, data, id}` records, with the typed client's own parser. */
import { readServerSentEvents, type ServerSentEvent } from '../../client/server-sent-events.ts';

export type SseEvent = ServerSentEvent;

export async function* readSse(response: Response): AsyncGenerator<SseEvent> {
  if (response.body) yield* readServerSentEvents(response.body);
}

export async function collectSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(response)) events.push(event);
  return events;
}

/** Every event until the server closes the stream; fails if it is still open after `withinMs`. */
export async function collectUntilClosed(response: Response, withinMs: number): Promise<SseEvent[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void response.body?.cancel().catch(() => undefined);
      reject(new Error(`the event stream was still open after ${withinMs} ms`));
    }, withinMs);
  });
  try {
    return await Promise.race([collectSse(response), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
