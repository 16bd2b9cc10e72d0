import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_CSP } from '../../server/http/demo-routes.ts';
import { createdShareLinkSchema, sharedSessionSchema, shareLinkListSchema } from '../../shared/api/share-links-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { testSessionSchema } from '../../shared/api/test-sessions-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('share links of playground sessions on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  let builder: ConsoleUser;
  let operator: ConsoleUser;

  beforeAll(async () => {
    // The console's page itself is the app's index.html; a stand-in does here.
    const consoleDir = mkdtempSync(join(tmpdir(), 'parley-share-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, consoleDir });
    agent = (await createAgent(t, loopAgentBody)).id;
    builder = await addUser(t, 'builder@example.com', 'builder');
    operator = await addUser(t, 'operator@example.com', 'operator');
  });
  afterAll(() => t.close());

  /** A playground session with three branches: b1, and two rewinds to the opening. */
  async function branchedSession() {
    const started = await readJson(await t.call('POST', '/v1/test/voice', { agent_id: agent }), testSessionSchema, 201);
    const run = `/workflow/${agent}/text-chat/sessions/${started.workflow_run_id}`;
    for (const said of ['first', 'second', 'third']) {
      expect((await t.call('POST', `${run}/messages`, { content: said })).status).toBe(200);
      if (said !== 'third') await readJson(await t.call('POST', `${run}/rewind`, { message_index: 0 }), runSchema, 200);
    }
    return started.call_id;
  }
  const signedOut = (path: string) => t.app.request(path);
  const fromConsole = (user: ConsoleUser, method: string, path: string) => asUser(t, user, method, path, undefined, { 'x-csrf-token': user.csrf });

  it('shows every branch of the session to whoever opens the link, signed out, and nothing writable', async () => {
    const callId = await branchedSession();
    const created = await readJson(await fromConsole(builder, 'POST', `/v1/calls/${callId}/share-links`), createdShareLinkSchema, 201);
    expect(created.token).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(created.url).toMatch(new RegExp(`^https?://[^/]+/console/share/${created.token}$`));
    const page = await signedOut(new URL(created.url).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    // Only the token's hash is stored.
    const rows = await t.database.db.selectFrom('share_links').select(['token_hash']).execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(created.token);

    const res = await signedOut(`/v1/shared/${created.token}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const shared = await readJson(res, sharedSessionSchema, 200);
    expect(shared).toMatchObject({ call_id: callId, agent_name: 'Echo', truncated: false });
    expect(shared.branches.map((b) => [b.id, b.parent_id, b.fork_index, b.current])).toEqual([
      ['b1', null, null, false],
      ['b2', 'b1', 0, false],
      ['b3', 'b2', 0, true],
    ]);
    expect(shared.branches.map((b) => b.messages.map((m) => m.content))).toEqual([
      ['Say something.', 'first', 'You said: first\n\nSay something.'],
      ['Say something.', 'second', 'You said: second\n\nSay something.'],
      ['Say something.', 'third', 'You said: third\n\nSay something.'],
    ]);
    const text = JSON.stringify(shared);
    expect(text).not.toContain('session_token');
    expect(text).not.toContain('workflow_run_id');
  });

  it('lists the live links without their tokens, and a revoked link reads 404 like an unknown one', async () => {
    const callId = await branchedSession();
    const first = await readJson(await t.call('POST', `/v1/calls/${callId}/share-links`), createdShareLinkSchema, 201);
    const second = await readJson(await t.call('POST', `/v1/calls/${callId}/share-links`), createdShareLinkSchema, 201);
    const listed = await readJson(await fromConsole(builder, 'GET', `/v1/calls/${callId}/share-links`), shareLinkListSchema, 200);
    expect(listed.data.map((l) => l.id)).toEqual([first.id, second.id]);
    expect(JSON.stringify(listed)).not.toContain(first.token);

    expect((await fromConsole(builder, 'DELETE', `/v1/calls/${callId}/share-links/${first.id}`)).status).toBe(204);
    expect((await readError(await signedOut(`/v1/shared/${first.token}`), 404)).code).toBe('not_found');
    expect((await signedOut(`/console/share/${first.token}`)).status).toBe(404);
    // The other link still opens; revoking twice is a 404.
    expect((await signedOut(`/v1/shared/${second.token}`)).status).toBe(200);
    expect((await readError(await t.call('DELETE', `/v1/calls/${callId}/share-links/${first.id}`), 404)).code).toBe('not_found');
    const after = await readJson(await t.call('GET', `/v1/calls/${callId}/share-links`), shareLinkListSchema, 200);
    expect(after.data.map((l) => l.id)).toEqual([second.id]);

    for (const token of ['x'.repeat(43), 'short', 'A'.repeat(100)]) {
      expect((await readError(await signedOut(`/v1/shared/${token}`), 404)).code).toBe('not_found');
      expect((await signedOut(`/console/share/${token}`)).status).toBe(404);
    }
  });

  it("answers 404 for another workspace's session, and refuses an operator and a visitor's conversation", async () => {
    const callId = await branchedSession();
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const asOther = (method: string, path: string) => t.app.request(path, { method, headers: { authorization: `Bearer ${otherKey}` } });
    expect((await readError(await asOther('POST', `/v1/calls/${callId}/share-links`), 404)).code).toBe('not_found');
    expect((await readError(await asOther('GET', `/v1/calls/${callId}/share-links`), 404)).code).toBe('not_found');

    expect(await readError(await fromConsole(operator, 'POST', `/v1/calls/${callId}/share-links`), 403)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('builder role') });
    expect((await readError(await fromConsole(operator, 'GET', `/v1/calls/${callId}/share-links`), 403)).code).toBe('forbidden');
    expect((await readError(await t.app.request(`/v1/calls/${callId}/share-links`, { method: 'POST' }), 401)).code).toBe('unauthorized');

    const visitor = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    expect((await readError(await t.call('POST', `/v1/calls/${visitor.call_id}/share-links`), 400)).code).toBe('not_a_test_session');
    expect(await t.database.db.selectFrom('share_links').select('id').where('session_id', '=', visitor.workflow_run_id).execute()).toEqual([]);
  });
});
