/**
 * The tests tab in Chromium, against the fake LLM: an agent's two tests, "Run all" from
 * the keyboard, both shown queued and then their verdicts without a reload, the failed
 * run's page with the judge's rationale, and the workspace view — a folder made, a test
 * moved into it with "Move to…", the list filtered by it, the 30-day chart — the form
 * with the server's problem at its field, and a rerun
 * whose page shows what changed since the failed run.
 * Every page is checked with axe; screenshots in test-results/screenshots/console-tests-*.png.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { routeAgentTestLlm, verdict } from '../helpers/agent-test-llm.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the tests tab in the console, in Chromium', () => {
  const e2e = useConsoleSuite();

  it("runs all of an agent's tests, shows the statuses change and the failed run's rationale, and files a test in a folder", async () => {
    const llm = routeAgentTestLlm(e2e.server.llm);
    // The judge fails whatever asks for French: the agent only ever answers in English.
    llm.judge = (body) => (JSON.stringify(body.messages).includes('answers in French') ? verdict(false, 'The agent answered in English, not French.') : verdict(true));
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.apiKey });
    const { bistro } = e2e.server.agents;
    await parley.tests.create(bistro, { name: 'Takes a booking', type: 'reply', config: { context: 'A table for two at eight, please', success_criteria: 'offers to book the table' } });
    await parley.tests.create(bistro, { name: 'Speaks French', type: 'reply', config: { context: 'Bonjour, une table pour deux ?', success_criteria: 'answers in French' } });

    const t = await e2e.open(await e2e.invite('qa@example.com', 'builder'));
    const page = t.page;
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${e2e.server.url}/console/agents/${bistro}/tests`);
    await page.getByRole('link', { name: 'Speaks French' }).waitFor();
    expect(await page.getByRole('link', { name: 'Tests' }).last().getAttribute('aria-current')).toBe('page');
    await e2e.check(t, 'tests-01-agent-tab');

    // Run all, from the keyboard: the queue is not started yet, so both show queued first.
    await page.getByRole('button', { name: 'Run all' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Takes a booking: queued' }).waitFor();
    await page.getByRole('link', { name: 'Speaks French: queued' }).waitFor();
    await e2e.check(t, 'tests-02-queued');
    await e2e.server.app.app.testing.queue.start();
    await page.getByRole('link', { name: 'Takes a booking: passed' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Speaks French: failed' }).waitFor({ timeout: 30_000 });
    await e2e.check(t, 'tests-03-finished');

    // The failed run: its verdict, the judge's rationale and the agent's reply.
    await page.getByRole('link', { name: 'Speaks French: failed' }).click();
    await page.getByRole('heading', { name: 'Rationale' }).waitFor();
    await page.getByText('The agent answered in English, not French.').first().waitFor();
    await page.getByRole('heading', { name: "The agent's reply" }).waitFor();
    await e2e.check(t, 'tests-04-failed-run');

    // The workspace view: a folder, a test moved into it, the list filtered by it, the chart.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tests' }).click();
    await page.getByRole('heading', { name: 'Tests', level: 1 }).waitFor();
    await page.getByLabel('Name of the new folder').fill('Regression');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByRole('button', { name: 'Regression', exact: true }).waitFor();
    await page.getByLabel('Move Speaks French to…').selectOption({ label: 'Regression' });
    await page.getByRole('cell', { name: 'Regression', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Regression', exact: true }).click();
    await page.getByRole('link', { name: 'Takes a booking', exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Tests' }).locator('tbody a:not(.badge)').allTextContents()).toEqual(['Speaks French']);
    await page.getByRole('img', { name: /Test runs per day over the last 30 days/ }).waitFor();
    await page.getByText('2 runs in the last 30 days, 1 passed (50%).').waitFor();
    await e2e.check(t, 'tests-05-workspace');

    // The form: a blank success criteria is refused by the server, shown at the field.
    await page.getByRole('link', { name: 'Speaks French', exact: true }).click();
    const criteria = page.getByLabel(/^Success criteria/);
    await criteria.fill('');
    await page.getByRole('button', { name: 'Save test' }).click();
    await page.locator('#f-config-success_criteria-problem').waitFor();
    expect(await criteria.getAttribute('aria-invalid')).toBe('true');
    await e2e.check(t, 'tests-06-form-problem');
    await criteria.fill('answers in French');
    await page.getByRole('button', { name: 'Save test' }).click();
    await page.locator('#f-config-success_criteria-problem').waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tests' }).click();

    // The agent is fixed (the judge now accepts it): run that one test again, and its run
    // page says what changed since the failed run.
    llm.judge = () => verdict(true, 'Now it answers in French.');
    await page.getByRole('button', { name: 'Run Speaks French' }).click();
    await page.getByRole('link', { name: 'Speaks French: passed' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Speaks French: passed' }).click();
    const changes = page.getByRole('table', { name: 'Changes since the previous run' });
    await changes.waitFor();
    expect(await changes.getByRole('row', { name: /^Verdict/ }).textContent()).toBe('Verdictfailedpassed');
    await e2e.check(t, 'tests-07-since-previous');
    // The one refused save is the only error the browser logged.
    expect(realProblems(t)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  }, 180_000);
});
