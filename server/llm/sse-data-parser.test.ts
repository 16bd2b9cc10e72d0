import { describe, expect, it } from 'vitest';
import { createSseDataParser } from './sse-data-parser.ts';

/** Feeds `pieces` one after another and returns every event's data, in order. */
function parse(...pieces: string[]): string[] {
  const parser = createSseDataParser();
  return pieces.flatMap((piece) => parser.push(piece));
}

describe('createSseDataParser', () => {
  it('returns the data of each event ended by a blank line', () => {
    expect(parse('data: {"a":1}\n\ndata: {"b":2}\n\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('returns the same events wherever the text is cut', () => {
    const body = 'data: {"a":1}\r\n\r\n: keep-alive\n\nevent: x\ndata: one\ndata: two\r\rdata: [DONE]\n\n';
    const whole = parse(body);
    expect(whole).toEqual(['{"a":1}', 'one\ntwo', '[DONE]']);
    for (let cut = 0; cut <= body.length; cut++) {
      expect(parse(body.slice(0, cut), body.slice(cut))).toEqual(whole);
      for (let second = cut; second <= body.length; second += 7) {
        expect(parse(body.slice(0, cut), body.slice(cut, second), body.slice(second))).toEqual(whole);
      }
    }
    expect(parse(...body.split(''))).toEqual(whole);
  });

  it('treats CRLF, LF and CR alike, and a CR then an LF in the next piece as one line end', () => {
    expect(parse('data: a\r\n\r\n', 'data: b\n\n', 'data: c\r\r')).toEqual(['a', 'b', 'c']);
    expect(parse('data: a\r', '\n', '\r', '\n')).toEqual(['a']);
    // The first CR ends the data line, the second the event; the LF after it pairs with that CR.
    expect(parse('data: a\r', '\r', '\ndata: b\n\n')).toEqual(['a', 'b']);
  });

  it('skips comments, other fields and events without data', () => {
    expect(parse(': ping\n\nevent: message\nid: 7\nretry: 10\n\nid: 8\ndata: kept\n\n')).toEqual(['kept']);
  });

  it('joins multi-line data with newlines and drops only one leading space', () => {
    expect(parse('data:  two spaces\ndata:none\ndata\ndata: last\n\n')).toEqual([' two spaces\nnone\n\nlast']);
  });

  it('keeps [DONE] as data, for the caller to recognise', () => {
    expect(parse('data: [DONE]\n\n')).toEqual(['[DONE]']);
  });

  it('refuses an event that outgrows its budget, whether in one line or many', () => {
    expect(() => createSseDataParser(10).push('data: 0123456789')).toThrow(expect.objectContaining({ code: 'llm_bad_response' }));
    const parser = createSseDataParser(10);
    expect(() => ['data: 01234\n', 'data: 56789\n', 'data: x'].forEach((piece) => parser.push(piece))).toThrow(
      expect.objectContaining({ code: 'llm_bad_response' }),
    );
    expect(createSseDataParser(10).push('data: 01234\n\ndata: 56789\n\n')).toEqual(['01234', '56789']);
  });

  it('returns nothing for an event the body never ends', () => {
    expect(parse('data: {"a":1}\n', 'data: cut off')).toEqual([]);
  });
});
