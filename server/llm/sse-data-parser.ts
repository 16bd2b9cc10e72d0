/**
 * The `data` of each event in a Server-Sent Events body, fed in pieces as they arrive
 * (WHATWG HTML, "Parsing an event stream"): lines end in CRLF, LF or CR, and a piece may
 * end anywhere, even between CR and LF; a line starting with `:` is a comment; an event's
 * `data:` lines are joined with `\n`; a blank line ends the event; one leading space after
 * the colon is dropped. Event names, ids and `retry` are not needed by a chat-completion
 * stream and are skipped. This replaces the SDK's layered stream decoders on the streaming
 * path, where they cost several promise hops and allocations per chunk.
 */

import { LlmBadResponseError } from './llm-errors.ts';

/** An event's data and unfinished line may not outgrow this: a chat chunk is a delta, a few hundred characters. */
export const MAX_EVENT_CHARS = 1 << 20;

export interface SseDataParser {
  /**
   * Takes the next piece of text and returns the data of every event it completed, in
   * order. Throws `LlmBadResponseError` once an unfinished event exceeds `maxEventChars`.
   */
  push(text: string): string[];
}

export function createSseDataParser(maxEventChars = MAX_EVENT_CHARS): SseDataParser {
  // The unfinished last line of the text so far, and the data lines of the open event.
  let partial = '';
  let data: string[] = [];
  let dataChars = 0;
  // The previous piece ended in CR: an LF starting this one belongs to that line end.
  let skipLeadingLf = false;

  const takeLine = (line: string, events: string[]): void => {
    if (line === '') {
      if (data.length > 0) events.push(data.join('\n'));
      data = [];
      dataChars = 0;
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    if (colon < 0) return void data.push('');
    const value = line.charCodeAt(colon + 1) === 32 /* space */ ? line.slice(colon + 2) : line.slice(colon + 1);
    dataChars += value.length;
    data.push(value);
  };

  return {
    push(text) {
      const events: string[] = [];
      let start = 0;
      if (skipLeadingLf && text.charCodeAt(0) === 10) start = 1;
      skipLeadingLf = false;
      for (let i = start; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== 10 && code !== 13) continue;
        takeLine(partial + text.slice(start, i), events);
        partial = '';
        if (code === 13) {
          if (i + 1 === text.length) skipLeadingLf = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      partial += text.slice(start);
      if (partial.length + dataChars > maxEventChars) {
        throw new LlmBadResponseError(`The LLM sent an event longer than ${maxEventChars} characters.`);
      }
      return events;
    },
  };
}
