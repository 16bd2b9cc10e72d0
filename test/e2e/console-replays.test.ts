/**
 * Replays and coverage in Chromium (#18): conversations recorded through text chat with the
 * demo claims agent, a draft whose branch condition sends an active policy elsewhere, a
 * replay started from the agent's Replays tab — queued, then completed without a reload —
 * and its page naming the node where the one changed conversation went another way; the
 * Tests tab's coverage, empty before any run and then naming the nodes no run reached, each
 * a link that selects the node in the workflow view.
 * Every view is checked with axe; screenshots in test-results/screenshots/console-replays-*.png.
 */
import { describe, expect, it } from 'vitest';
import { agentTestSchema } from '../../shared/api/agent-tests-api.ts';
import { agentVersionListSchema, agentVersionSchema } from '../../shared/api/agents-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import { readJson } from '../helpers/read-json.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, setPasswordAndSignIn, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('replays and coverage in the console, in Chromium', () => {
  const e2e = useConsoleSuite();

  it('shows the coverage of a run suite, then replays recorded conversations against a draft and shows where one diverged', async () => {
    const { app } = e2e.server;
    const { claims } = e2e.server.agents;
    const sessions = `/workflow/${claims}/text-chat/sessions`;
    const record = async (messages: string[]) => {
      const run = await readJson(await app.call('POST', sessions, {}), runSchema, 201);
      for (const content of messages) expect((await app.call('POST', `${sessions}/${run.workflow_run_id}/messages`, { content })).status).toBe(200);
      return callIdOf(run.workflow_run_id);
    };
    // An active policy (asked what happened next), an inactive one (9…), a number asked again.
    const active = await record(['123456']);
    await record(['900001']);
    await record(['nope']);

    // A draft whose branch lets through only policy 111111: the active policy now goes to `inactive`.
    const { versions } = await readJson(await app.call('GET', `/v1/agents/${claims}/versions`), agentVersionListSchema, 200);
    const published = versions.find((v) => v.status === 'published');
    if (!published) throw new Error('the demo claims agent has no published version');
    const route = { type: 'branch', cases: [{ if: { var: 'policy_number', eq: '111111' }, to: 'claim_type' }], else: 'inactive' };
    const draft = await readJson(await app.call('PUT', `/v1/agents/${claims}/workflow`, { ...published.workflow, nodes: { ...published.workflow.nodes, route } }), agentVersionSchema, 201);

    // A deterministic test (workflow assertion, mocked tool): no judge, no LLM.
    const mocks = { strategy: 'all', mocks: [{ tool_name: 'get_policy', response: { active: true, holder: 'Ada' } }], no_match_behavior: 'skip' };
    const body = { name: 'An active policy is asked what happened', type: 'reply', config: { context: '123456', expect_node: 'claim_type' }, tool_mock_config: mocks };
    await readJson(await app.call('POST', `/v1/agents/${claims}/tests`, body), agentTestSchema, 201);

    const t = await e2e.open(await e2e.invite('qa@example.com', 'builder'));
    const page = t.page;
    await setPasswordAndSignIn(page, PASSWORD);

    // Coverage: none before a run; after "Run all", the figures and the nodes never reached.
    await page.goto(`${e2e.server.url}/console/agents/${claims}/tests`);
    const coverage = page.getByRole('region', { name: 'Coverage' });
    await coverage.getByText(/No finished runs yet: run the tests/).waitFor();
    await e2e.check(t, 'replays-01-coverage-empty');
    await page.getByRole('button', { name: 'Run all' }).click();
    await app.app.testing.queue.start();
    await page.getByRole('link', { name: 'An active policy is asked what happened: passed' }).waitFor({ timeout: 30_000 });
    await coverage.getByText('5 of 13 nodes, 4 of 15 transitions').waitFor();
    const unreached = await coverage.getByRole('list', { name: 'Never reached' }).getByRole('listitem').allTextContents();
    expect(unreached.map((text) => text.split(' ')[0])).toEqual(['incident_date', 'description', 'confirm', 'confirm_route', 'file', 'done', 'human', 'inactive']);
    await e2e.check(t, 'replays-02-coverage');
    // A node never reached is a link that selects it in the workflow view.
    await coverage.getByRole('link', { name: 'inactive' }).click();
    await page.getByRole('heading', { name: 'inactive', level: 2 }).waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/console/agents/${claims}/workflow?node=inactive`);

    // Replays: none yet; start one of the three newest conversations against the draft.
    await page.getByRole('navigation', { name: 'Agent' }).getByRole('link', { name: 'Replays' }).click();
    await page.getByText('No replays yet.').waitFor();
    await page.getByLabel('Version').selectOption(String(draft.version));
    await page.getByLabel('How many of the newest conversations').fill('3');
    await e2e.check(t, 'replays-03-form');
    await page.getByRole('button', { name: 'Start replay' }).click();
    const listed = page.getByRole('link', { name: new RegExp(`against v${draft.version}: queued$`) });
    await listed.waitFor();
    await e2e.check(t, 'replays-04-queued');
    // The worker starts only now: the list follows the replay to its end without a reload.
    app.app.testing.replayWorker.start();
    await page.getByRole('link', { name: new RegExp(`against v${draft.version}: completed$`) }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('table', { name: "The agent's replays, newest first" }).locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      `v${draft.version}`, 'completed', '3', '2', '0', '1', '0',
    ]);
    await e2e.check(t, 'replays-05-completed');

    // The replay's page: the one diverged conversation, at the branch, side by side.
    await page.getByRole('link', { name: new RegExp(`against v${draft.version}: completed$`) }).click();
    await page.getByRole('heading', { name: `Replay against v${draft.version}`, level: 1 }).waitFor();
    await page.getByText('3 conversations: 2 identical, 1 diverged.').waitFor();
    await page.getByText('Diverged at: route (1)').waitFor();
    const divergence = page.getByRole('region', { name: `${active}: diverged at turn 1 (after “123456”)` });
    const sides = divergence.getByRole('table', { name: `${active}, recorded and replayed side by side` });
    expect(await sides.getByRole('row', { name: /^Transition/ }).locator('td').allTextContents()).toEqual(['route → claim_type', 'route → inactive']);
    expect(await sides.getByRole('row', { name: /^Rests at/ }).locator('td').allTextContents()).toEqual(['claim_type', 'inactive']);
    await e2e.check(t, 'replays-06-replay-page');
    // The table's line leads to the divergence in full (focus moves to its heading).
    await page.getByRole('link', { name: 'At turn 1 (after “123456”): route → inactive, recorded route → claim_type' }).click();
    expect(await divergence.getByRole('heading').evaluate((heading) => (heading.getRootNode() as ShadowRoot).activeElement === heading)).toBe(true);
    await divergence.getByRole('link', { name: 'Open the recorded conversation' }).click();
    await page.waitForURL(`**/console/conversations/${active}`);
    expect(realProblems(t)).toEqual([]);
  }, 180_000);
});
