import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLinkSchema } from '../../shared/api/calls-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { createdWebhookSchema } from '../../shared/api/webhooks-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const ORIGIN = 'https://shop.example';

describe.each(testDatabases())('response headers on $dialect', (target) => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    const widgetDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    writeFileSync(join(widgetDir, 'widget.js'), 'console.log("widget");');
    t = await createTestApp(target, { widgetDir });
    agent = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(() => t.close());

  const sessions = () => `/workflow/${agent}/text-chat/sessions`;
  const fromPage = (path: string, origin = ORIGIN, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { origin, ...(init.headers as Record<string, string>) } });
  const startPublic = () => fromPage(sessions(), ORIGIN, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  it('forbids content sniffing on every answer: JSON, 404s, errors, the widget bundle, pages and event streams', async () => {
    const run = await readJson(await t.call('POST', sessions(), {}), runSchema, 201);
    const stream = await t.call('GET', `${sessions()}/${run.workflow_run_id}/events`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    await stream.body?.cancel();
    const answers = {
      json: await t.call('GET', '/health'),
      notFound: await t.app.request('/no/such/route'),
      methodNotAllowed: await t.call('DELETE', `${sessions()}/${run.workflow_run_id}`),
      badRequest: await t.call('POST', sessions(), '{"initial_context":'),
      unauthorized: await t.app.request('/v1/agents'),
      widgetBundle: await t.app.request('/widget.js'),
      docs: await t.app.request('/docs'),
      stream,
    };
    for (const [name, res] of Object.entries(answers)) expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
    expect(answers.notFound.status).toBe(404);
    expect(answers.badRequest.status).toBe(400);
  });

  it('keeps answers carrying a session token, a webhook secret or private data out of every cache', async () => {
    const created = await startPublic();
    expect((await readJson(created, runSchema, 201)).session_token).toBeTruthy();
    const webhook = await t.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['call.ended'] });
    expect((await readJson(webhook, createdWebhookSchema, 201)).secret).toBeTruthy();
    const answers = {
      sessionCreated: created,
      webhookCreated: webhook,
      agents: await t.call('GET', '/v1/agents'),
      notFound: await t.call('GET', '/v1/agents/agent_00000000'),
      refused: await fromPage(sessions(), 'https://evil.example', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    };
    for (const [name, res] of Object.entries(answers)) expect(res.headers.get('cache-control'), name).toBe('no-store');
    // Caching stays where it is meant: the widget bundle.
    expect((await t.app.request('/widget.js')).headers.get('cache-control')).toContain('max-age=300');
  });

  it('caches the widget config briefly and per origin, and marks every /workflow answer as varying by Origin', async () => {
    const config = await fromPage(`/workflow/${agent}/widget-config`);
    expect(config.status).toBe(200);
    expect(config.headers.get('cache-control')).toBe('private, max-age=60');
    const answers = {
      config,
      sameOriginConfig: await t.app.request(`/workflow/${agent}/widget-config`, { headers: { 'sec-fetch-site': 'same-origin' } }),
      forbiddenConfig: await fromPage(`/workflow/${agent}/widget-config`, 'https://evil.example'),
      apiKeyCall: await t.call('GET', `/workflow/${agent}/widget-config`),
      preflight: await t.app.request(sessions(), { method: 'OPTIONS', headers: { origin: ORIGIN } }),
      refusedPreflight: await t.app.request(sessions(), { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
      unknownAgent: await fromPage('/workflow/agent_00000000/widget-config'),
    };
    for (const [name, res] of Object.entries(answers)) {
      const vary = (res.headers.get('vary') ?? '').split(',').map((field) => field.trim());
      expect(vary.filter((field) => field === 'Origin'), name).toEqual(['Origin']);
    }
    expect(answers.forbiddenConfig.status).toBe(403);
  });

  it('sends the docs, demo and debug pages with a policy that decides who may frame them', async () => {
    const docs = await t.app.request('/docs');
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'none'");
    const demo = await t.app.request('/');
    expect(demo.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const run = await readJson(await t.call('POST', sessions(), {}), runSchema, 201);
    const link = await readJson(await t.call('GET', `/v1/calls/${run.call_id}/debug-link`), debugLinkSchema, 200);
    const debug = await t.app.request(`/api/v1/call-debug/${link.debug_token}`, { headers: { accept: 'text/html' } });
    expect(debug.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
