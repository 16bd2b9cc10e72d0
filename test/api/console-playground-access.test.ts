import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('the text-chat API from the console (the playground) on $dialect', (target) => {
  let t: TestApp;
  let builder: ConsoleUser;
  let operator: ConsoleUser;
  let privateAgent: string;
  let widgetAgent: string;

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() } });
    builder = await addUser(t, 'builder@example.com', 'builder');
    operator = await addUser(t, 'operator@example.com', 'operator');
    privateAgent = (await createAgent(t, { ...loopAgentBody, widget: { enabled: false, allowed_origins: [] } })).id;
    widgetAgent = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(() => t.close());

  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;
  /** The console sends its CSRF token on every text-chat call, reads included. */
  const fromConsole = (user: ConsoleUser, method: string, path: string, body?: unknown) => asUser(t, user, method, path, body, { 'x-csrf-token': user.csrf });

  it('lets a builder talk to any agent of the workspace, read and rewind, with the session cookie', async () => {
    const run = await readJson(await fromConsole(builder, 'POST', sessions(privateAgent), {}), runSchema, 201);
    expect(run.session_token).toBeUndefined();
    const reply = await readJson(await fromConsole(builder, 'POST', `${sessions(privateAgent)}/${run.workflow_run_id}/messages`, { content: 'hello' }), assistantReplySchema, 200);
    expect(reply.content).toBe('You said: hello\n\nSay something.');
    const read = await readJson(await fromConsole(builder, 'GET', `${sessions(privateAgent)}/${run.workflow_run_id}`), runSchema, 200);
    expect(read.messages).toHaveLength(3);
    expect((await fromConsole(builder, 'POST', `${sessions(privateAgent)}/${run.workflow_run_id}/rewind`, { message_index: 0 })).status).toBe(200);
  });

  it('refuses an operator (the playground is builders\' work), a wrong token and another site', async () => {
    expect(await readError(await fromConsole(operator, 'POST', sessions(privateAgent), {}), 403)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('builder role') });
    expect((await readError(await asUser(t, builder, 'POST', sessions(privateAgent), {}, { 'x-csrf-token': operator.csrf }), 403)).code).toBe('csrf_failed');
    expect((await readError(await asUser(t, builder, 'GET', `${sessions(privateAgent)}/1`, undefined, { 'x-csrf-token': builder.csrf, origin: 'https://evil.example' }), 403)).code).toBe('csrf_failed');
    // Signed out, the token is worth nothing.
    const gone = await addUser(t, 'gone@example.com', 'builder');
    await asUser(t, gone, 'POST', '/v1/auth/sign-out');
    expect((await fromConsole(gone, 'POST', sessions(privateAgent), {})).status).toBe(401);
  });

  it('keeps a widget on our own pages a widget, cookie or not: without the CSRF token nothing changes', async () => {
    // An empty token claims the console's way in, and fails it.
    const empty = await asUser(t, builder, 'POST', sessions(widgetAgent), {}, { 'x-csrf-token': '', 'sec-fetch-site': 'same-origin' });
    expect((await readError(empty, 403)).code).toBe('csrf_failed');
    // Same-origin, as the demo site's widget calls: the cookie rides along, but no token.
    const plain = await t.app.request(sessions(widgetAgent), { method: 'POST', headers: { cookie: builder.cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: '{}' });
    const run = await readJson(plain, runSchema, 201);
    expect(run.session_token).toEqual(expect.any(String));
    // And an agent without a widget stays private to a cookie without the token.
    const hidden = await t.app.request(sessions(privateAgent), { method: 'POST', headers: { cookie: builder.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(hidden.status).toBe(401);
  });
});
