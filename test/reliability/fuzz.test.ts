import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { databaseFingerprint, fillPath, listOperations, type Operation } from './api-surface.ts';

/** Cases per operation; raise PARLEY_FUZZ_RUNS for a longer hunt. */
const runs = Number(process.env.PARLEY_FUZZ_RUNS ?? 10);

describe.each(testDatabases())('bad input on every endpoint, fuzzed, on $dialect', (target) => {
  let t: TestApp;
  let operations: Operation[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(target);
    const agent = await (await t.call('POST', '/v1/agents', claimAgentBody())).json();
    const run = await (await t.call('POST', `/workflow/${agent.id}/text-chat/sessions`, {})).json();
    ids = { id: agent.id, agent_id: agent.id, run_id: String(run.workflow_run_id), call_id: run.call_id, session_id: String(run.workflow_run_id), index: '0' };
    operations = (await listOperations(t)).filter((op) => op.template !== '/health' && op.template !== '/openapi.json');
  });
  afterAll(() => t.close());

  const jsonish = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.constantFrom('{', '{"a":', '[1,2', 'null', '"', '{"content":{}}', '{"message_index":-5}', '{"name":""}', '{"workflow":{"start":"a","nodes":{}}}'),
  );
  const segment = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('0', '-1', '99999999999', '9999999999999999999999', 'agent_ffffffff', 'call_99999999', 'call_99999999999', '%00', '..', 'test_1_2_3', '2026-13-45', '1e9'),
  );
  const headerValue = fc.string({ maxLength: 60 }).filter((v) => /^[\x20-\x7e]*$/.test(v));

  it('answers out-of-range cursors, ids and limits on every read with a 4xx', async () => {
    const edges = ['99999999999', '9999999999999999999999', '-1', '0', 'abc', ''];
    for (const op of operations.filter((o) => o.method === 'GET')) {
      for (const edge of edges) {
        for (const path of [fillPath(op.template, { ...ids, id: edge, run_id: edge, call_id: `call_${edge}`, test_id: edge }), `${fillPath(op.template, ids)}?after=${edge}`, `${fillPath(op.template, ids)}?limit=${edge}`]) {
          const res = await t.call('GET', path);
          if (res.headers.get('content-type')?.includes('text/event-stream')) await res.body?.cancel();
          else await res.text();
          expect(res.status, `GET ${path}`).toBeLessThan(500);
        }
      }
    }
  });

  it('answers only 2xx or 4xx, and a rejected request changes no row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        jsonish,
        fc.dictionary(fc.constantFrom('id', 'run_id', 'index', 'call_id', 'agent_id', 'session_id', 'test_id'), segment),
        fc.dictionary(fc.constantFrom('after', 'limit', 'status', 'agent_id', 'from_date', 'to_date', 'channel', 'branch', 'window_days', 'type', 'search'), segment, { maxKeys: 3 }),
        fc.record({ contentType: fc.constantFrom('application/json', 'text/plain', ''), extra: headerValue, useKey: fc.boolean(), raw: fc.boolean() }),
        async (op, body, pathOverrides, query, headers) => {
          const search = new URLSearchParams(query).toString();
          const path = fillPath(op.template, { ...ids, ...pathOverrides }) + (search ? `?${search}` : '');
          const before = await databaseFingerprint(t);
          const payload = op.method === 'GET' || op.method === 'DELETE' ? undefined : headers.raw && typeof body === 'string' ? body : JSON.stringify(body);
          const res = await t.app.request(path, {
            method: op.method,
            headers: {
              ...(headers.useKey ? { authorization: `Bearer ${t.key}` } : { 'x-api-key': headers.extra }),
              ...(headers.contentType ? { 'content-type': headers.contentType } : {}),
              'x-session-token': headers.extra,
            },
            ...(payload === undefined ? {} : { body: payload }),
          });
          // An accepted events stream never ends by itself: its headers are the answer.
          if (res.headers.get('content-type')?.includes('text/event-stream')) {
            await res.body?.cancel();
            expect(res.status).toBe(200);
            return;
          }
          const text = await res.text();
          expect(res.status, `${op.method} ${path} ${payload ?? ''} → ${res.status} ${text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const failure = JSON.parse(text);
            // `/api/v1/sessions` answers failures as `{success: false, error: "…"}` (issue 6); the rest as `{error: {code, message}}`.
            const sessionsApi = op.template.startsWith('/api/v1/sessions') && typeof failure.error === 'string';
            expect(sessionsApi ? failure.success === false && failure.error : failure.error.message).toBeTruthy();
            expect(await databaseFingerprint(t), `${op.method} ${path} changed rows`).toBe(before);
          }
        },
      ),
      { numRuns: runs * operations.length, seed: Number(process.env.PARLEY_FUZZ_SEED ?? 20261121) },
    );
  }, 180_000);
});
