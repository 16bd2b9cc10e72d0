/** Reads an SSE response body into `{event, data, id}` records, as a browser's fetch reader would. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* readSse(response: Response): AsyncGenerator<SseEvent> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event.event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        else if (line.startsWith('id:')) event.id = line.slice(3).trim();
      }
      if (data.length === 0 && !event.id) continue;
      event.data = data.join('\n');
      yield event;
    }
  }
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
