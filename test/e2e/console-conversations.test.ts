/**
 * Conversations in the console, in Chromium: two finished conversations with two demo
 * agents, found by agent and text, opened (transcript, latency waterfall), exported as
 * CSV, turned into a test with "Create test", and that test run against the fake LLM.
 * Every page is checked with axe; screenshots in test-results/screenshots/console-conv-*.png.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { routeAgentTestLlm } from '../helpers/agent-test-llm.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('conversations in the console, in Chromium', () => {
  const e2e = useConsoleSuite();

  it('finds a finished conversation by agent and text, shows its waterfall, exports CSV, and makes a test of it that runs', async () => {
    routeAgentTestLlm(e2e.server.llm);
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.apiKey });
    const { support, bistro } = e2e.server.agents;
    // Two finished conversations with different agents and words.
    const refund = await parley.textChat.start(support);
    await parley.textChat.send(support, refund.workflow_run_id, { content: 'I need a refund for order 42' });
    await parley.calls.end(refund.call_id);
    const table = await parley.textChat.start(bistro);
    await parley.calls.end(table.call_id);

    const link = await e2e.invite('qa@example.com', 'admin');
    const t = await e2e.open(link);
    const page = t.page;
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversations' }).click();
    await page.getByRole('link', { name: refund.call_id }).waitFor();
    await page.getByRole('link', { name: table.call_id }).waitFor();
    await e2e.check(t, 'conv-01-list');

    // Filter by agent and by text, from the keyboard: Enter in the text field applies.
    await page.getByLabel('Agent').selectOption(support);
    await page.getByLabel('Text').focus();
    await page.keyboard.type('REFUND');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: table.call_id }).waitFor({ state: 'detached' });
    const rows = page.getByRole('table', { name: 'Conversations, newest first' }).getByRole('link');
    expect(await rows.allTextContents()).toEqual([refund.call_id]);
    await e2e.check(t, 'conv-02-filtered');

    // The conversation: its transcript and a waterfall bar per turn with the LLM's time.
    await page.getByRole('link', { name: refund.call_id }).click();
    await page.getByRole('heading', { name: refund.call_id }).waitFor();
    await page.getByRole('list', { name: 'Transcript, current branch' }).locator('li.message.user', { hasText: 'I need a refund for order 42' }).waitFor();
    await page.getByRole('img', { name: /^Turn 1: LLM \d+ ms \(first byte \d+ ms\)/ }).waitFor();
    await e2e.check(t, 'conv-03-detail');
    await page.screenshot({ path: 'test-results/screenshots/console-conv-03-detail-full.png', fullPage: true });

    // Export CSV: a download of the transcript, one record per entry.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`${refund.call_id}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^call_id,entry,type,message_index,role,author,content,/);
    expect(csv).toContain(`${refund.call_id},1,message,1,user,user,I need a refund for order 42,`);

    // Create test: a simulation seeded with this transcript, opened as JSON.
    await page.getByRole('button', { name: 'Create test' }).click();
    await page.getByRole('heading', { name: `Replay of ${refund.call_id}` }).waitFor();
    const json = JSON.parse(await page.getByLabel(/^Test JSON/).inputValue()) as { type: string; config: { initial_chat_history: { role: string; content: string }[] } };
    expect(json.type).toBe('simulation');
    expect(json.config.initial_chat_history).toContainEqual({ role: 'user', content: 'I need a refund for order 42' });
    await e2e.check(t, 'conv-04-test-json');

    // Run it: the fake LLM's judge passes it.
    await e2e.server.app.app.testing.queue.start();
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.locator('.run-status').filter({ hasText: 'passed' }).waitFor({ timeout: 30_000 });
    await page.getByText('Rationale: Meets the criteria.').waitFor();
    await e2e.check(t, 'conv-05-test-passed');
    expect(realProblems(t)).toEqual([]);
  }, 180_000);
});
