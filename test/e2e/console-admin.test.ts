/**
 * The admin pages and "New test" in Chromium: a webhook made in the console receives an
 * event at a local receiver, its delivery is read in the log (request and answer) and
 * redelivered, its secret rotated (the grace period shown, both secrets signing after);
 * the workspace settings refuse a bad value at its field, then save and stay saved; and a
 * test created with "New test" on an agent's tab opens and runs against the fake LLM.
 * Every page is checked with axe; screenshots in test-results/screenshots/console-admin-*.png.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { agentTestSchema } from '../../shared/api/agent-tests-api.ts';
import { workspaceSettingsSchema } from '../../shared/api/workspace-settings-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { routeAgentTestLlm, verdict } from '../helpers/agent-test-llm.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, setPasswordAndSignIn, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the admin pages and New test in the console, in Chromium', () => {
  const e2e = useConsoleSuite();
  const receivers: WebhookReceiver[] = [];
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('creates a webhook, shows its delivery with request and answer, redelivers it and rotates its secret', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const deliverDue = () => e2e.server.app.app.calls.webhooks.worker.runDue();
    const t = await e2e.open(await e2e.invite('ops-admin@example.com', 'admin'));
    const page = t.page;
    await setPasswordAndSignIn(page, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    await e2e.check(t, 'admin-01-webhooks-empty');

    // From the keyboard: open the form; no event chosen is refused at the events.
    await page.getByRole('button', { name: 'New webhook' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description').fill('CRM sync');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.locator('#wh-events-problem').waitFor();
    await e2e.check(t, 'admin-02-webhook-form-problem');
    await page.getByRole('checkbox', { name: 'call.started', exact: true }).check();
    await page.getByRole('button', { name: 'Create webhook' }).click();

    // The secret, this once; the endpoint in the list with its event.
    const firstSecret = (await page.getByRole('status').filter({ hasText: 'Copy it now' }).locator('code').last().textContent()) ?? '';
    expect(firstSecret).toMatch(/^whsec_/);
    const row = page.getByRole('row').filter({ hasText: receiver.url });
    await row.getByText('enabled').waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toContain('call.started');
    await e2e.check(t, 'admin-03-webhook-created');

    // An event fires: a conversation starts; the worker delivers it to the receiver.
    await e2e.server.app.call('POST', `/workflow/${e2e.server.agents.bistro}/text-chat/sessions`, {});
    expect(await deliverDue()).toBe(1);
    expect(receiver.events()).toEqual(['call.started']);
    await page.getByRole('button', { name: `Deliveries and secret of ${receiver.url}` }).click();
    const log = page.getByRole('table', { name: /^Deliveries to/ });
    await log.getByText('succeeded').waitFor();
    await log.getByRole('button', { name: /^Show request and answer/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Request', level: 4 }).waitFor();
    expect(await log.locator('pre').first().textContent()).toContain(receiver.received[0]?.json.event_id ?? 'no event id');
    await e2e.check(t, 'admin-04-delivery');

    // Redeliver: a second attempt of the same event, shown succeeded without a reload.
    await log.getByRole('button', { name: /^Redeliver call\.started/ }).first().click();
    await log.getByText('pending').waitFor();
    expect(await deliverDue()).toBe(1);
    await log.getByText('pending').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await log.getByText('succeeded').count()).toBe(2);
    expect(receiver.received.map((d) => d.json.event_id)).toEqual([receiver.received[0]?.json.event_id, receiver.received[0]?.json.event_id]);

    // Rotate with the default grace (24 h): a new secret, once; the old one still signs.
    expect(await page.getByLabel('Old secret keeps signing for').inputValue()).toBe(String(24 * 3600));
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('status').filter({ hasText: 'The new signing secret' });
    const secondSecret = (await rotated.locator('code').last().textContent()) ?? '';
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    await row.getByText(/old one signs until/).waitFor();
    await e2e.check(t, 'admin-05-rotated');
    await e2e.server.app.call('POST', `/workflow/${e2e.server.agents.bistro}/text-chat/sessions`, {});
    expect(await deliverDue()).toBe(1);
    // During the grace period a delivery carries a signature per secret.
    expect(String(receiver.received[2]?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(realProblems(t)).toEqual([]);
  }, 120_000);

  it('refuses a bad setting at its field, then saves the workspace settings and keeps them', async () => {
    const t = await e2e.open(await e2e.invite('settings-admin@example.com', 'admin'));
    const page = t.page;
    await setPasswordAndSignIn(page, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspace' }).click();
    await page.getByRole('heading', { name: 'Workspace settings' }).waitFor();
    const temperature = page.getByLabel(/^Temperature/);
    await temperature.fill('3');
    await page.getByLabel(/^Idle timeout/).fill('45');
    await page.getByLabel(/^Model/).fill('parley-test-model');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#s-llm-temperature-problem').waitFor();
    expect(await temperature.getAttribute('aria-invalid')).toBe('true');
    await e2e.check(t, 'admin-06-settings-problem');

    await temperature.fill('0.3');
    await temperature.press('Enter');
    await page.getByText('Saved. New turns use these settings.').waitFor();
    expect(await temperature.getAttribute('aria-invalid')).toBe('false');
    await e2e.check(t, 'admin-07-settings-saved');
    const saved = await readJson(await e2e.server.app.call('GET', '/v1/workspace/settings'), workspaceSettingsSchema, 200);
    expect(saved).toEqual({ llm: { model: 'parley-test-model', temperature: 0.3, max_tokens: null }, session_idle_minutes: 45 });
    await page.reload();
    await page.getByLabel(/^Idle timeout/).waitFor();
    expect(await page.getByLabel(/^Idle timeout/).inputValue()).toBe('45');
    expect(await page.getByLabel(/^Model/).inputValue()).toBe('parley-test-model');
    expect(await page.getByLabel(/^Longest answer/).inputValue()).toBe('');
    // Back to the server's defaults, so the other tests' agents answer as before.
    await e2e.server.app.call('PATCH', '/v1/workspace/settings', { llm: { model: null, temperature: null }, session_idle_minutes: null });
    expect(realProblems(t)).toEqual([]);
  }, 120_000);

  it('creates a test with "New test" on an agent\'s tab, opens it and runs it against the fake LLM', async () => {
    const llm = routeAgentTestLlm(e2e.server.llm);
    llm.judge = () => verdict(true, 'It offers to book the table.');
    const { bistro } = e2e.server.agents;
    const t = await e2e.open(await e2e.invite('new-test@example.com', 'builder'));
    const page = t.page;
    await setPasswordAndSignIn(page, PASSWORD);
    await page.goto(`${e2e.server.url}/console/agents/${bistro}/tests`);
    await page.getByRole('link', { name: 'New test' }).click();
    await page.getByRole('heading', { name: 'New test' }).waitFor();
    // Each type shows its own fields: a simulation its scenario, a tool test its checks.
    await page.getByLabel('Type', { exact: true }).selectOption('simulation');
    await page.getByLabel(/^Scenario/).waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('tool');
    await page.getByRole('button', { name: 'Add a check' }).click();
    await page.getByLabel('Argument').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('reply');
    await page.getByLabel('Name', { exact: true }).fill('Books a table');
    await page.getByLabel('The user says').fill('A table for two at eight, please');
    await page.getByLabel(/^Success criteria/).fill('offers to book the table');
    await page.getByLabel(/^Variables/).fill('{ "guest": "Ada" }');
    await e2e.check(t, 'admin-08-new-test');
    await page.getByRole('button', { name: 'Create test' }).click();

    await page.getByRole('heading', { name: 'Books a table' }).waitFor();
    const testId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(testId).toMatch(/^test_/);
    const created = await readJson(await e2e.server.app.call('GET', `/v1/agents/tests/${testId}`), agentTestSchema, 200);
    expect(created).toMatchObject({ name: 'Books a table', type: 'reply', agent_id: bistro, variables: { guest: 'Ada' } });
    await e2e.check(t, 'admin-09-test-created');

    await e2e.server.app.app.testing.queue.start();
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByRole('heading', { name: 'Rationale' }).waitFor({ timeout: 30_000 });
    await page.getByText('It offers to book the table.').first().waitFor();
    expect(await page.locator('.verdict').textContent()).toBe('passed');
    await e2e.check(t, 'admin-10-test-run');
    expect(realProblems(t)).toEqual([]);
  }, 120_000);
});
