import { describe, expect, it } from 'vitest';
import { answerProblems } from './answer-shape.ts';

describe('a README answer', () => {
  it('as a JSON shape: shown members must match, … opens an object, and ids and times only need their type', () => {
    const output = JSON.stringify({ workflow_run_id: 7, call_id: 'call_00000007', status: 'active', revision: 1, messages: [{ index: 0, role: 'assistant', content: 'Hi' }], created_at: '2026-01-01T00:00:00Z' });
    expect(answerProblems('{"workflow_run_id":1,"call_id":"call_00000001","status":"active","revision":1,"messages":[{"index":0,"role":"assistant",…}],…}', output)).toEqual([]);
    expect(answerProblems('{"status":"ended",…}', output)).toEqual(['$.status: expected "ended", got "active"']);
    expect(answerProblems('{"status":"active","revision":1}', output)[0]).toMatch(/members the README does not show .*workflow_run_id/);
    expect(answerProblems('{"revision":2,…}', output)).toEqual(['$.revision: expected 2, got 1']);
  });

  it('globs strings with … and lets arrays end in …', () => {
    expect(answerProblems('{"id":"wh_…","secret":"whsec_…",…}', '{"id":"wh_01","secret":"whsec_abc","url":"x"}')).toEqual([]);
    expect(answerProblems('{"secret":"whsec_…",…}', '{"secret":"sk_abc"}')).toHaveLength(1);
    expect(answerProblems('["a",…]', '["a","b","c"]')).toEqual([]);
    expect(answerProblems('["a",…,"c"]', '["a","b","c"]')).toEqual([]);
    expect(answerProblems('["a","b"]', '["a","b","c"]')).toEqual(['$: expected 2 elements, got 3']);
    expect(answerProblems('{"calls":…,"next_cursor":null}', '{"calls":[1,2],"next_cursor":null}')).toEqual([]);
  });

  it('refuses output that is not JSON when the answer is a shape', () => {
    expect(answerProblems('{"status":"ok",…}', 'curl: (22) The requested URL returned error: 404')[0]).toMatch(/expected one JSON value/);
  });

  it('as text: matches non-blank lines in order, … within a line or as a line of its own', () => {
    const sse = 'event: delta\ndata: {"text":"Hi"}\n\nevent: message\ndata: {"content":"Hi","index":2}\n\n';
    expect(answerProblems('event: delta\n…\nevent: message\ndata: {"content":"Hi",…}', sse)).toEqual([]);
    expect(answerProblems('PASS  Looks the policy up (…s)\n…', 'PASS  Looks the policy up (0.4s)\n1 passed')).toEqual([]);
    expect(answerProblems('event: message', sse)).toHaveLength(1);
    // A line ending in JSON is matched as a shape: members in any order.
    expect(answerProblems('event: delta\n…\ndata: {"index":2,"content":"Hi"}', sse)).toEqual([]);
    expect(answerProblems('event: delta\n…\ndata: {"index":3,…}', sse)).toHaveLength(1);
  });
});
