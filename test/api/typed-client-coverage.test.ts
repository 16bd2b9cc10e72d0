/**
 * `parley/client` covers the whole `/v1` and text-chat API: every operation of the OpenAPI
 * document has a client method, which sends that method to that path. A route added later
 * fails here until the client has a method for it (or it is listed as left out, with why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyClient, type ParleyClient } from '../../client/index.ts';
import { listOperations } from '../reliability/api-surface.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** Routes the client leaves out on purpose. */
const LEFT_OUT: Record<string, string> = {
  'GET /health': 'operations, not integration: probes read it without a client',
  'GET /health/live': 'an orchestrator\'s liveness probe, not integration',
  'GET /health/ready': 'an orchestrator\'s readiness probe, not integration',
  'GET /workflow/{id}/widget-config': "the widget's own read, before a conversation starts",
  'POST /api/v1/sessions': 'the sessions API exists for integrations written against other platforms',
  'POST /api/v1/sessions/{session_id}/messages': 'the sessions API (see above)',
  'POST /api/v1/sessions/{session_id}/end': 'the sessions API (see above)',
  'POST /v1/auth/sign-in': "the console's browser session (a cookie), not a backend integration's: those use API keys",
  'POST /v1/auth/sign-out': "the console's browser session (see above)",
  'GET /v1/auth/session': "the console's browser session (see above)",
  'POST /v1/auth/password': "the console's browser session (see above)",
};

const T = 'test_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const KB = 'kb_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const DOC = 'doc_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const drain = async (events: AsyncIterable<unknown>) => {
  for await (const event of events) void event;
};

/** Each operation, and the client call that serves it. */
const CALLS: Record<string, (c: ParleyClient) => Promise<unknown>> = {
  'POST /v1/test/voice': (c) => c.testSessions.start({ agent_id: 'agent_00000001' }),
  'POST /v1/test/voice/{session_id}/message': (c) => c.testSessions.send('test_1_2_3', 'hi'),
  'DELETE /v1/test/voice/{session_id}': (c) => c.testSessions.end('test_1_2_3'),
  'GET /v1/agents/tests/stats': (c) => c.testRuns.stats({ window_days: 7 }),
  'GET /v1/agents/{id}/tests/coverage': (c) => c.testRuns.coverage('agent_00000001', { version: 1 }),
  'POST /v1/agents/tests/runs/batch': (c) => c.testRuns.startBatch({ entries: [{ test_id: T }] }),
  'GET /v1/agents/tests/runs/{run_id}': (c) => c.testRuns.get('run_1'),
  'POST /v1/agents/tests/{test_id}/runs': (c) => c.testRuns.start(T),
  'GET /v1/agents/tests/{test_id}/runs': (c) => c.testRuns.page(T, { limit: 5 }),
  'POST /v1/agents/{id}/tests/runs': (c) => c.testRuns.startForAgent('agent_00000001'),
  'POST /v1/agents/{id}/replays': (c) => c.replays.start('agent_00000001', { version: 2, calls: { last: 100 } }),
  'GET /v1/agents/{id}/replays': (c) => c.replays.page('agent_00000001', { limit: 5 }),
  'GET /v1/agents/{id}/replays/{replay_id}': (c) => c.replays.get('agent_00000001', 'rpl_1'),
  'GET /v1/agents/tests/folders': (c) => c.tests.folders.list(),
  'POST /v1/agents/tests/folders': (c) => c.tests.folders.create({ name: 'Claims' }),
  'GET /v1/agents/tests/folders/{folder_id}': (c) => c.tests.folders.get('folder_1'),
  'PATCH /v1/agents/tests/folders/{folder_id}': (c) => c.tests.folders.update('folder_1', { name: 'Renamed' }),
  'DELETE /v1/agents/tests/folders/{folder_id}': (c) => c.tests.folders.delete('folder_1'),
  'GET /v1/agents/tests': (c) => c.tests.page({ limit: 5 }),
  'POST /v1/agents/{id}/tests': (c) => c.tests.create('agent_00000001', { name: 'Greets', type: 'reply', config: { context: 'Hi', success_criteria: 'Greets back' } }),
  'GET /v1/agents/{id}/tests': (c) => c.tests.forAgent('agent_00000001'),
  'GET /v1/agents/tests/{test_id}': (c) => c.tests.get(T),
  'PATCH /v1/agents/tests/{test_id}': (c) => c.tests.update(T, { name: 'Renamed' }),
  'DELETE /v1/agents/tests/{test_id}': (c) => c.tests.delete(T),
  'GET /v1/agents/tests/{test_id}/attachments': (c) => c.tests.attachments(T),
  'POST /v1/agents/tests/{test_id}/attachments/{agent_id}': (c) => c.tests.attach(T, 'agent_00000002'),
  'DELETE /v1/agents/tests/{test_id}/attachments/{agent_id}': (c) => c.tests.detach(T, 'agent_00000002'),
  'POST /v1/calls/{call_id}/test': (c) => c.tests.fromCall('call_00000001'),
  'GET /v1/agents': (c) => c.agents.page({ limit: 5 }),
  'POST /v1/agents': (c) => c.agents.create({ name: 'Echo' }),
  'POST /v1/agents/import': (c) => c.agents.import({ name: 'Echo' }),
  'GET /v1/agents/{id}': (c) => c.agents.get('agent_00000001'),
  'PATCH /v1/agents/{id}': (c) => c.agents.update('agent_00000001', { name: 'Renamed' }),
  'DELETE /v1/agents/{id}': (c) => c.agents.delete('agent_00000001'),
  'PUT /v1/agents/{id}/workflow': (c) => c.agents.saveWorkflow('agent_00000001', { start: 'bye', nodes: { bye: { type: 'end', text: 'Bye' } } }),
  'POST /v1/agents/{id}/publish': (c) => c.agents.publish('agent_00000001'),
  'GET /v1/agents/{id}/versions': (c) => c.agents.versions('agent_00000001'),
  'GET /v1/agents/{id}/visitor-secret': (c) => c.agents.visitorSecret('agent_00000001'),
  'POST /v1/agents/{id}/visitor-secret': (c) => c.agents.rotateVisitorSecret('agent_00000001'),
  'DELETE /v1/agents/{id}/visitor-secret': (c) => c.agents.deleteVisitorSecret('agent_00000001'),
  'GET /v1/agent-templates': (c) => c.agents.templates(),
  'GET /v1/calls': (c) => c.calls.page({ status: 'completed' }),
  'GET /v1/calls/summary': (c) => c.calls.summary({ channel: 'api' }),
  'GET /v1/calls/{call_id}': (c) => c.calls.get('call_00000001'),
  'GET /v1/calls/{call_id}/status': (c) => c.calls.status('call_00000001'),
  'GET /v1/calls/{call_id}/branches': (c) => c.calls.branches('call_00000001'),
  'GET /v1/calls/{call_id}/export': (c) => c.calls.exportCsv('call_00000001'),
  'GET /v1/calls/{call_id}/webhooks': (c) => c.calls.webhooks('call_00000001'),
  'GET /v1/calls/{call_id}/debug-link': (c) => c.calls.debugLink('call_00000001'),
  'DELETE /v1/calls/{call_id}/debug-link': (c) => c.calls.revokeDebugLink('call_00000001'),
  'DELETE /v1/calls/{call_id}': (c) => c.calls.erase('call_00000001'),
  'POST /v1/erasures': (c) => c.dataProtection.erase({ metadata: { crm_id: 'c-1' }, dry_run: true }),
  'GET /v1/workspace/retention': (c) => c.dataProtection.retention(),
  'PUT /v1/workspace/retention': (c) => c.dataProtection.setRetention({ retention_days: 30 }),
  'GET /v1/audit-log': (c) => c.dataProtection.auditPage({ action: 'agent.published', limit: 5 }),
  'POST /v1/calls/{call_id}/share-links': (c) => c.shareLinks.create('call_00000001'),
  'GET /v1/calls/{call_id}/share-links': (c) => c.shareLinks.list('call_00000001'),
  'DELETE /v1/calls/{call_id}/share-links/{id}': (c) => c.shareLinks.revoke('call_00000001', 'share_01HZ'),
  'GET /v1/shared/{token}': (c) => c.shareLinks.read('a'.repeat(43)),
  'GET /v1/knowledge-bases': (c) => c.knowledgeBases.list(),
  'POST /v1/knowledge-bases': (c) => c.knowledgeBases.create({ name: 'FAQ' }),
  'GET /v1/knowledge-bases/{id}': (c) => c.knowledgeBases.get(KB),
  'PATCH /v1/knowledge-bases/{id}': (c) => c.knowledgeBases.update(KB, { name: 'FAQ' }),
  'DELETE /v1/knowledge-bases/{id}': (c) => c.knowledgeBases.delete(KB),
  'GET /v1/knowledge-bases/{id}/documents': (c) => c.knowledgeBases.documents.list(KB),
  'POST /v1/knowledge-bases/{id}/documents': (c) => c.knowledgeBases.documents.add(KB, { file: new Blob(['# FAQ']), name: 'faq.md' }),
  'GET /v1/knowledge-bases/{id}/documents/{document_id}': (c) => c.knowledgeBases.documents.get(KB, DOC),
  'PUT /v1/knowledge-bases/{id}/documents/{document_id}': (c) => c.knowledgeBases.documents.replace(KB, DOC, { title: 'FAQ', content: 'Yes.' }),
  'DELETE /v1/knowledge-bases/{id}/documents/{document_id}': (c) => c.knowledgeBases.documents.delete(KB, DOC),
  'GET /v1/knowledge-bases/{id}/search': (c) => c.knowledgeBases.search(KB, { q: 'opening hours' }),
  'POST /v1/calls/{call_id}/end': (c) => c.calls.end('call_00000001'),
  'POST /v1/calls/{call_id}/transfer': (c) => c.calls.transfer('call_00000001', { destination: 'human' }),
  'POST /v1/calls/{call_id}/operator-messages': (c) => c.calls.sendOperatorMessage('call_00000001', { content: 'Hello' }),
  'GET /v1/inbox': (c) => c.inbox.list(),
  'GET /v1/inbox/events': (c) => drain(c.inbox.events()),
  'POST /v1/inbox/{call_id}/claim': (c) => c.inbox.claim('call_00000001', { display_name: 'Sam' }),
  'POST /v1/inbox/{call_id}/read': (c) => c.inbox.markRead('call_00000001'),
  'POST /v1/inbox/{call_id}/messages': (c) => c.inbox.reply('call_00000001', { content: 'Hello' }),
  'POST /v1/inbox/{call_id}/hand-back': (c) => c.inbox.handBack('call_00000001', { node: 'start' }),
  'POST /v1/inbox/{call_id}/typing': (c) => c.inbox.typing('call_00000001'),
  'GET /v1/saved-replies': (c) => c.savedReplies.list(),
  'POST /v1/saved-replies': (c) => c.savedReplies.create({ title: 'Hours', content: 'Mon–Fri 8–18' }),
  'PATCH /v1/saved-replies/{id}': (c) => c.savedReplies.update('reply_01HZ', { content: 'Mon–Fri' }),
  'DELETE /v1/saved-replies/{id}': (c) => c.savedReplies.remove('reply_01HZ'),
  'POST /v1/calls/{call_id}/gather': (c) => c.calls.gather('call_00000001', { prompt: 'Your PIN' }),
  'GET /v1/webhooks': (c) => c.webhooks.list(),
  'POST /v1/webhooks': (c) => c.webhooks.create({ url: 'https://hooks.example/parley', events: ['*'] }),
  'GET /v1/webhooks/{id}': (c) => c.webhooks.get('wh_1'),
  'PATCH /v1/webhooks/{id}': (c) => c.webhooks.update('wh_1', { enabled: false }),
  'DELETE /v1/webhooks/{id}': (c) => c.webhooks.delete('wh_1'),
  'POST /v1/webhooks/{id}/rotate-secret': (c) => c.webhooks.rotateSecret('wh_1', { grace_seconds: 60 }),
  'GET /v1/webhooks/{id}/deliveries': (c) => c.webhooks.deliveryPage('wh_1', { status: 'failed' }),
  'POST /v1/webhooks/deliveries/{id}/redeliver': (c) => c.webhooks.redeliver(1),
  'GET /v1/workspace/settings': (c) => c.workspace.settings(),
  'PATCH /v1/workspace/settings': (c) => c.workspace.updateSettings({ session_idle_minutes: 45 }),
  'GET /v1/users': (c) => c.users.list(),
  'POST /v1/users': (c) => c.users.invite({ email: 'sam@example.com', role: 'builder' }),
  'PATCH /v1/users/{id}': (c) => c.users.update('user_1', { role: 'operator' }),
  'DELETE /v1/users/{id}': (c) => c.users.remove('user_1'),
  'GET /v1/api-keys': (c) => c.apiKeys.list(),
  'POST /v1/api-keys': (c) => c.apiKeys.create({ name: 'CI' }),
  'DELETE /v1/api-keys/{id}': (c) => c.apiKeys.revoke('key_1'),
  'GET /api/v1/call-debug/{token}': (c) => c.calls.debugLog('a'.repeat(43)),
  'POST /workflow/{id}/text-chat/sessions': (c) => c.textChat.start('agent_00000001'),
  'GET /workflow/{id}/text-chat/sessions/{run_id}': (c) => c.textChat.get('agent_00000001', 1, { branch: 'b1' }),
  'POST /workflow/{id}/text-chat/sessions/{run_id}/messages': async (c) => {
    await c.textChat.send('agent_00000001', 1, { content: 'Hi' });
    await drain(c.textChat.stream('agent_00000001', 1, { content: 'Hi' }));
  },
  'POST /workflow/{id}/text-chat/sessions/{run_id}/rewind': (c) => c.textChat.rewind('agent_00000001', 1, { message_index: 0 }),
  'POST /workflow/{id}/text-chat/sessions/{run_id}/end': (c) => c.textChat.end('agent_00000001', 1),
  'POST /workflow/{id}/text-chat/sessions/{run_id}/typing': (c) => c.textChat.typing('agent_00000001', 1),
  'POST /workflow/{id}/text-chat/sessions/{run_id}/messages/{index}/feedback': (c) => c.textChat.feedback('agent_00000001', 1, 2, { rating: 'up' }),
  'GET /workflow/{id}/text-chat/sessions/{run_id}/events': (c) => drain(c.textChat.events('agent_00000001', 1)),
  'POST /workflow/{id}/text-chat/sessions/{run_id}/gather': (c) => c.textChat.gather('agent_00000001', 1, { input: '1234#' }),
};

/** Answers anything: an SSE request gets one event that ends a turn stream and an events stream alike. */
function recordingClient(sent: string[]): ParleyClient {
  return createParleyClient({
    baseUrl: 'http://parley.test',
    apiKey: 'pk_live_x',
    fetch: async (url, init) => {
      sent.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
      const sse = new Headers(init.headers).get('accept') === 'text/event-stream';
      if (sse) return new Response('event: message\ndata: {"type":"ended","reason":"api"}\n\n', { headers: { 'content-type': 'text/event-stream' } });
      return Response.json({});
    },
  });
}

/** `/v1/agents/{id}` → a pattern its concrete paths match. */
const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);

describe('parley/client covers the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    const [sqlite] = testDatabases();
    if (!sqlite) throw new Error('no SQLite test database');
    t = await createTestApp(sqlite, { startTestRuns: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('has a client method for every operation of the OpenAPI document but the ones left out on purpose', async () => {
    const documented = (await listOperations(t)).map((op) => `${op.method} ${op.template}`).sort();
    const served = [...Object.keys(CALLS), ...Object.keys(LEFT_OUT)].sort();
    expect(served).toEqual(documented);
  });

  it.each(Object.entries(CALLS))('%s: the client method sends that method to that path', async (operation, call) => {
    const sent: string[] = [];
    await call(recordingClient(sent));
    const [method, template] = operation.split(' ') as [string, string];
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      const [sentMethod, path] = request.split(' ') as [string, string];
      expect(sentMethod).toBe(method);
      expect(path, `${request} is not ${operation}`).toMatch(pathPattern(template));
    }
  });
});
