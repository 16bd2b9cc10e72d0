/**
 * The console in Chromium, as a new team member meets it, on a server started on an
 * empty database with its real sign-in: the first admin's one-time link, sign-in, an
 * agent from a template, its workflow edited and redrawn, the playground with two
 * rewinds and three branches, the state, a test saved, the session shared and its link
 * read signed out, then revoked; sign-out.
 * Every page is checked with axe (no serious or critical violation) and leaves a
 * screenshot in test-results/screenshots/console-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { realProblems, signIn, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';
const MOCKS = JSON.stringify({ strategy: 'all', mocks: [{ tool_name: 'get_policy', response: { active: true, holder: 'Ada' } }] });

/** The assistant message at `index` of the playground's transcript. */
const message = (page: Page, index: number) => page.getByRole('listitem', { name: `Agent, message ${index}` });

/** Opens each branch of a shared session's tree and finds the visitor's answer in it. */
async function readSharedBranches(page: Page, answers: Record<string, string>) {
  const tree = page.getByRole('list', { name: 'Branch tree' });
  await tree.waitFor();
  expect(await tree.getByRole('button', { name: /^Open branch/ }).count()).toBe(3);
  for (const [branch, answer] of Object.entries(answers)) {
    await tree.getByRole('button', { name: `Open branch ${branch}` }).click();
    const log = page.getByRole('log', { name: `Messages of branch ${branch}` });
    await log.getByRole('listitem', { name: 'Visitor, message 3' }).getByText(answer).waitFor();
  }
}

describe.skipIf(!chromiumAvailable())('the console in Chromium', () => {
  const e2e = useConsoleSuite();

  it('goes from the first admin link to a saved playground test, and signs out', async () => {
    // The first admin's one-time link, as the server prints it at first start.
    const t = await e2e.open(await e2e.firstAdminLink('admin@example.com'));
    const page = t.page;
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await e2e.check(t, '01-set-password');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('link', { name: 'Harbor Mutual claims' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/agents');
    await e2e.check(t, '02-agents');

    // Sign out, then in: a wrong password is refused with the server's words.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await e2e.check(t, '03-sign-in');
    await signIn(page, 'admin@example.com', 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await signIn(page, 'admin@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Harbor Mutual claims' }).waitFor();

    // A new agent from the claims template.
    await page.getByRole('button', { name: 'New agent' }).click();
    await page.getByRole('radio', { name: 'A template' }).check();
    await page.getByRole('radio', { name: /Harbor Mutual claims/ }).check();
    await page.getByLabel('Name').fill('Claims, my copy');
    await e2e.check(t, '04-new-agent');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: 'Claims, my copy' }).waitFor();
    const agentId = /\/console\/agents\/(agent_[0-9a-f]{8})\/workflow$/.exec(page.url())?.[1];
    expect(agentId).toBeDefined();
    await page.getByRole('button', { name: /^say · start greet Hi!/ }).waitFor();
    await e2e.check(t, '05-workflow');

    // Edit the definition: a new node appears in the graph; a dangling target is named.
    const editor = page.getByLabel('Workflow definition (JSON)');
    const definition = JSON.parse(await editor.inputValue()) as { nodes: Record<string, Record<string, unknown>> };
    definition.nodes['greet'] = { ...definition.nodes['greet'], next: 'welcome' };
    definition.nodes['welcome'] = { type: 'say', text: 'Welcome to the playground copy.', next: 'nowhere' };
    await editor.fill(JSON.stringify(definition, null, 2));
    await page.getByText('Node "welcome": next target "nowhere" does not exist').waitFor();
    await page.getByRole('button', { name: /^say welcome Welcome to the .* — has a problem$/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await e2e.check(t, '06-workflow-problem');
    definition.nodes['welcome'] = { type: 'say', text: 'Welcome to the playground copy.', next: 'policy' };
    await editor.fill(JSON.stringify(definition, null, 2));
    await page.getByText('No problems found.').waitFor();
    await page.getByRole('button', { name: /^say welcome Welcome to the playground/ }).click();
    await page.getByRole('heading', { name: 'welcome' }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved draft v2' }).waitFor();
    await e2e.check(t, '07-workflow-edited');

    // A deep link survives a reload; the versions tab diffs v1 and v2.
    await page.goto(`${e2e.server.url}/console/agents/${agentId}/versions`);
    await page.getByRole('region', { name: 'Changes from v1 to v2' }).getByText('"welcome": {').waitFor();
    await e2e.check(t, '08-versions');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('System prompt').waitFor();
    await e2e.check(t, '09-settings');

    // The playground, on the draft, with the policy lookup mocked.
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByLabel('Tool mocks').fill(MOCKS);
    await page.getByLabel('Initial context').fill('{"channel": "console"}');
    await page.getByRole('button', { name: 'Start session' }).click();
    await message(page, 0).getByText('What is your 6-digit policy number?').waitFor();
    await page.getByRole('textbox', { name: 'Message as the visitor' }).fill('123456');
    await page.getByRole('textbox', { name: 'Message as the visitor' }).press('Enter');
    await message(page, 2).getByText('Thanks, Ada. What happened?').waitFor();
    await message(page, 2).getByRole('button', { name: 'Car accident' }).click();
    await message(page, 4).getByText('When did it happen?').waitFor();
    await message(page, 2).getByText(/1 tool call: get_policy/).click();
    await message(page, 2).getByText('"holder": "Ada"').waitFor();
    await e2e.check(t, '10-playground');

    // Rewind twice to the same question, answering it another way each time.
    await message(page, 2).getByRole('button', { name: 'Rewind here' }).click();
    await page.getByRole('button', { name: /^Branches/ }).filter({ hasText: '2' }).waitFor();
    await message(page, 2).getByRole('button', { name: 'Home damage' }).click();
    await message(page, 4).waitFor();
    await message(page, 2).getByRole('button', { name: 'Rewind here' }).click();
    await page.getByRole('button', { name: /^Branches/ }).filter({ hasText: '3' }).waitFor();
    await message(page, 2).getByRole('button', { name: 'Travel' }).click();
    await message(page, 4).getByText('When did it happen?').waitFor();

    // Three branches in the tree; each one reads as it was left.
    const tree = page.getByRole('list', { name: 'Branch tree' });
    expect(await tree.getByRole('button', { name: /^Open branch/ }).count()).toBe(3);
    const answers: Record<string, string> = { b1: 'Car accident', b2: 'Home damage', b3: 'Travel' };
    for (const [branch, answer] of Object.entries(answers)) {
      await tree.getByRole('button', { name: `Open branch ${branch}` }).click();
      const log = page.getByRole('log', { name: `Messages of branch ${branch}` });
      await log.getByRole('listitem', { name: 'Visitor, message 3' }).getByText(answer).waitFor();
      await e2e.check(t, `11-branch-${branch}`);
    }

    // The state after each message: the policy number arrived with message 2, the claim type after.
    const state = page.getByRole('region', { name: 'State' });
    await state.getByText('policy_number').first().waitFor();
    expect(await state.textContent()).toContain('"123456"');
    expect(await state.textContent()).toContain('"travel"');

    // Save the branch on screen as a test.
    await page.getByRole('button', { name: 'Save as test' }).click();
    await page.getByLabel('Test name').fill('Travel claims get a date question');
    await e2e.check(t, '12-save-as-test');
    await page.getByRole('button', { name: 'Save test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test saved' }).waitFor();
    const tests = (await (await fetch(`${e2e.server.url}/v1/agents/${agentId}/tests`, { headers: { authorization: `Bearer ${e2e.apiKey}` } })).json()) as { tests: { name: string; type: string; config: { context: { message: string } } }[] };
    expect(tests.tests.map((test) => [test.name, test.type, test.config.context.message])).toEqual([['Travel claims get a date question', 'reply', 'Travel']]);

    // Share the session for a demo: the link opens in a fresh browser, signed out, read-only.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    const shareUrl = await page.getByLabel(/^Share link/).inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${e2e.server.url}/console/share/[0-9A-Za-z]{43}$`));
    await e2e.check(t, '13-share');
    const shared = await e2e.open(new URL(shareUrl).pathname);
    await readSharedBranches(shared.page, { b1: 'Car accident', b2: 'Home damage' });
    await e2e.check(shared, '14-shared-signed-out');
    expect(await shared.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await shared.page.getByRole('button', { name: 'Rewind here' }).count()).toBe(0);
    expect(await shared.page.getByRole('textbox').count()).toBe(0);
    expect(realProblems(shared)).toEqual([]);
    // Revoked, the link is a 404 that says so.
    await page.getByRole('button', { name: /^Revoke link share_/ }).click();
    await page.getByText('None yet.').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    const gone = await shared.page.reload();
    expect(gone?.status()).toBe(404);
    await shared.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await e2e.check(shared, '15-shared-revoked');

    // The admin pages, then sign out: the console asks to sign in again.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Agents', 'Tests', 'Knowledge', 'Conversations', 'Inbox', 'Users', 'API keys', 'Webhooks', 'Workspace', 'Audit log', 'API docs']);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'admin@example.com you' }).waitFor();
    await e2e.check(t, '16-users');
    await page.getByRole('link', { name: 'API keys' }).click();
    // The key the server generated at first start.
    await page.getByRole('cell', { name: 'admin', exact: true }).waitFor();
    await e2e.check(t, '17-api-keys');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${e2e.server.url}/console/agents/${agentId}/playground`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/console/agents/${agentId}/playground`);
    expect(realProblems(t)).toEqual([]);
  }, 240_000);

  it('works by keyboard alone: sign in, open an agent, select a node in the graph, zoom', async () => {
    const t = await e2e.open(await e2e.invite('builder@example.com', 'builder'));
    const page = t.page;
    await page.getByLabel('New password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Harbor Mutual support' }).waitFor();
    // A builder sees agents, not the admin pages.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Agents', 'Tests', 'Knowledge', 'Conversations', 'Inbox', 'API docs']);

    // Tab to the agent's link and open it.
    for (let i = 0; i < 20 && !(await page.getByRole('link', { name: 'Harbor Mutual support' }).evaluate((a) => a.matches(':focus'))); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const greet = page.getByRole('button', { name: /^llm · start chat/ });
    await greet.waitFor();
    // The graph takes focus, pans with the arrow keys and zooms with +; a node is a button.
    await page.getByRole('group', { name: 'Workflow graph' }).focus();
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    await greet.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'chat' }).waitFor();
    expect(await greet.getAttribute('aria-pressed')).toBe('true');
    await e2e.check(t, '18-keyboard-node-selected');
    expect(realProblems(t)).toEqual([]);
  }, 120_000);
});
