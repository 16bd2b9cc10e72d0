/**
 * An audit entry is written in the same transaction as the change it records (issue #19
 * item 4): when the database refuses the entry, the change is not made either. The refusal
 * is a real trigger on the real `audit_log` table of each database.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyClient } from '../../client/index.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('audit entries and their changes on $dialect', (target) => {
  let t: TestApp;
  let parley: ParleyClient;
  let agentId: string;
  let webhookId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    parley = inProcessClient(t);
    agentId = (await parley.agents.create(loopAgentBody)).id;
    webhookId = (await parley.webhooks.create({ url: 'https://hooks.example/parley', events: ['call.ended'] })).id;
    const { db } = t.database;
    if (t.database.dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END`.execute(db);
    } else {
      await sql`CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(db);
    }
  });
  afterAll(() => t?.close());

  it('leaves every change undone when its audit entry cannot be written', async () => {
    const settingsBefore = await parley.workspace.settings();
    const keysBefore = await parley.apiKeys.list();
    const agentBefore = await parley.agents.get(agentId);
    const webhookBefore = await parley.webhooks.get(webhookId);

    const attempts: Array<[string, Response]> = [
      ['PATCH settings', await t.call('PATCH', '/v1/workspace/settings', { session_idle_minutes: 5 })],
      ['POST key', await t.call('POST', '/v1/api-keys', { name: 'CI' })],
      ['PATCH agent', await t.call('PATCH', `/v1/agents/${agentId}`, { name: 'Renamed' })],
      ['PUT workflow', await t.call('PUT', `/v1/agents/${agentId}/workflow`, loopAgentBody.workflow)],
      ['POST visitor secret', await t.call('POST', `/v1/agents/${agentId}/visitor-secret`)],
      ['PATCH webhook', await t.call('PATCH', `/v1/webhooks/${webhookId}`, { enabled: false })],
      ['DELETE webhook', await t.call('DELETE', `/v1/webhooks/${webhookId}`)],
      ['DELETE agent', await t.call('DELETE', `/v1/agents/${agentId}`)],
    ];
    for (const [what, response] of attempts) expect(response.status, what).toBe(500);

    expect(await parley.workspace.settings()).toEqual(settingsBefore);
    expect(await parley.apiKeys.list()).toEqual(keysBefore);
    expect(await parley.agents.get(agentId)).toEqual(agentBefore);
    expect(await parley.webhooks.get(webhookId)).toEqual(webhookBefore);
    expect(await parley.agents.visitorSecret(agentId)).toMatchObject({ configured: false });
  });
});
