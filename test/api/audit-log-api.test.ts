/**
 * The audit log (issue #19 item 4): agent changes and publishes, keys created and revoked,
 * webhooks, people and roles, erasures and settings are each recorded with who did them
 * (a person or an API key, by public id), to which object, and when — never a secret.
 * `GET /v1/audit-log` filters by actor, action, object and dates and pages by cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ParleyClient } from '../../client/index.ts';
import { createdUserSchema } from '../../shared/api/auth-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** What the key does from the publish on, oldest first: the minute between two clock moves. */
const KEY_CHANGES_FROM_PUBLISH = [
      'api_key agent.published agent',
      'api_key api_key.created api_key',
      'api_key api_key.revoked api_key',
      'api_key webhook.created webhook',
      'api_key webhook.updated webhook',
      'api_key webhook.secret_rotated webhook',
      'api_key webhook.deleted webhook',
      'api_key workspace.retention_changed workspace',
      'api_key workspace.settings_changed workspace',
      'api_key agent.visitor_secret_rotated agent',
      'api_key agent.visitor_secret_removed agent',
];

describe.each(testDatabases())('the audit log on $dialect', (target) => {
  const clock = manualClock('2026-03-01T10:00:00.000Z');
  let t: TestApp;
  let parley: ParleyClient;
  let admin: ConsoleUser;
  let keyId: string;
  const secrets: string[] = [];
  const objects: Record<string, string> = {};

  async function everything(query: Parameters<ParleyClient['dataProtection']['auditLog']>[0] = {}): Promise<AuditEntry[]> {
    const seen: AuditEntry[] = [];
    for await (const entry of parley.dataProtection.auditLog({ ...query, limit: 2 })) seen.push(entry);
    return seen;
  }
  const summary = (entries: AuditEntry[]) => entries.map((e) => `${e.actor.kind} ${e.action} ${e.object.type}`);

  beforeAll(async () => {
    t = await createTestApp(target, { clock, auth: { hasher: cheapHasher() } });
    parley = inProcessClient(t);
    keyId = (await parley.apiKeys.list()).data[0]?.id ?? '';
    admin = await addUser(t, 'admin@example.com', 'admin');

    // An API key changes an agent, keys, a webhook and the retention period.
    const agent = await parley.agents.create(loopAgentBody);
    objects.agent = agent.id;
    await parley.agents.update(agent.id, { name: 'Echo two' });
    await parley.agents.saveWorkflow(agent.id, loopAgentBody.workflow);
    clock.advance(60_000);
    await parley.agents.publish(agent.id);
    const key = await parley.apiKeys.create({ name: 'CI' });
    secrets.push(key.key);
    objects.key = key.id;
    await parley.apiKeys.revoke(key.id);
    const webhook = await parley.webhooks.create({ url: 'https://hooks.example/parley', events: ['call.ended'] });
    secrets.push(webhook.secret);
    objects.webhook = webhook.id;
    await parley.webhooks.update(webhook.id, { enabled: false });
    secrets.push((await parley.webhooks.rotateSecret(webhook.id, { grace_seconds: 0 })).secret);
    await parley.webhooks.delete(webhook.id);
    await parley.dataProtection.setRetention({ retention_days: 30 });
    await parley.workspace.updateSettings({ llm: { model: 'gpt-secret-model' }, session_idle_minutes: 20 });
    secrets.push((await parley.agents.rotateVisitorSecret(agent.id)).secret);
    await parley.agents.deleteVisitorSecret(agent.id);
    // Removing a secret that is not there changes nothing, and records nothing.
    await parley.agents.deleteVisitorSecret(agent.id);
    clock.advance(60_000);
    // A person invites someone, changes their role, removes them, and erases a call.
    const invited = await readJson(await asUser(t, admin, 'POST', '/v1/users', { email: 'sam@example.com', role: 'operator' }), createdUserSchema, 201);
    const samId = invited.user.id;
    objects.sam = samId;
    expect((await asUser(t, admin, 'PATCH', `/v1/users/${samId}`, { role: 'builder' })).status).toBe(200);
    expect((await asUser(t, admin, 'DELETE', `/v1/users/${samId}`)).status).toBe(204);
    const run = await parley.textChat.start(agent.id);
    await parley.textChat.send(agent.id, run.workflow_run_id, { content: 'erase me' });
    objects.call = run.call_id;
    expect((await asUser(t, admin, 'DELETE', `/v1/calls/${run.call_id}`)).status).toBe(204);
    await parley.agents.delete(agent.id);
  });
  afterAll(() => t?.close());

  it('records who did what to which object, newest first, without a secret', async () => {
    const all = await everything();
    expect(summary(all).reverse()).toEqual([
      // addUser: the key invites the admin.
      'api_key user.invited user',
      'api_key agent.created agent',
      'api_key agent.updated agent',
      'api_key agent.workflow_saved agent',
      ...KEY_CHANGES_FROM_PUBLISH,
      'user user.invited user',
      'user user.role_changed user',
      'user user.removed user',
      'user call.erased call',
      'api_key agent.deleted agent',
    ]);
    const byAction = (action: string) => all.filter((e) => e.action === action);
    expect(byAction('agent.published')[0]).toMatchObject({ actor: { kind: 'api_key', id: keyId }, object: { type: 'agent', id: objects.agent }, detail: { version: 2 } });
    expect(byAction('agent.updated')[0]?.detail).toEqual({ fields: ['name'] });
    expect(byAction('user.role_changed')[0]).toMatchObject({ actor: { kind: 'user', id: admin.id }, object: { id: objects.sam }, detail: { role: 'builder' } });
    expect(byAction('webhook.updated')[0]?.detail).toEqual({ fields: ['enabled'] });
    expect(byAction('call.erased')[0]).toMatchObject({ object: { type: 'call', id: objects.call }, detail: { reason: 'request' } });
    expect(byAction('workspace.retention_changed')[0]?.detail).toEqual({ from: null, to: 30 });
    // Which settings changed, not to what.
    expect(byAction('workspace.settings_changed')[0]).toMatchObject({ object: { type: 'workspace' }, detail: { fields: ['llm.model', 'session_idle_minutes'] } });
    expect(byAction('agent.visitor_secret_rotated')[0]).toMatchObject({ object: { type: 'agent', id: objects.agent }, detail: {} });
    expect(byAction('webhook.secret_rotated')[0]).toMatchObject({ object: { id: objects.webhook }, detail: {} });
    const text = JSON.stringify(all);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('erase me');
    expect(text).not.toContain('gpt-secret-model');
  });

  it('filters by actor, action, object type, object and dates, and pages by cursor', async () => {
    expect(summary(await everything({ actor: admin.id }))).toEqual(['user call.erased call', 'user user.removed user', 'user user.role_changed user', 'user user.invited user']);
    expect((await everything({ action: 'api_key.revoked' })).map((e) => e.object.id)).toEqual([objects.key]);
    expect(summary(await everything({ object: objects.webhook }))).toEqual(['api_key webhook.deleted webhook', 'api_key webhook.secret_rotated webhook', 'api_key webhook.updated webhook', 'api_key webhook.created webhook']);
    expect(await everything({ object_type: 'api_key' })).toHaveLength(2);
    // The clock moved a minute before the publish and a minute before the people's changes.
    const middle = await everything({ from_date: '2026-03-01T10:01:00Z', to_date: '2026-03-01T12:02:00+02:00' });
    expect(summary(middle).reverse()).toEqual(KEY_CHANGES_FROM_PUBLISH);
    const first = await parley.dataProtection.auditPage({ limit: 3 });
    const second = await parley.dataProtection.auditPage({ limit: 3, after: first.next_cursor ?? '' });
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual((await everything()).slice(0, 6).map((e) => e.id));
  });

  it('refuses a malformed filter with a 400 naming it', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['after=abc', 'after'], ['from_date=yesterday', 'from_date'], ['actor=', 'actor'], ['nonsense=1', 'nonsense']] as const) {
      expect((await readError(await t.call('GET', `/v1/audit-log?${query}`), 400)).message, query).toContain(field);
    }
  });
});
