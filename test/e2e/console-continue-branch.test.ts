/**
 * The playground in Chromium: each agent message shows the node its turn ended in (from
 * the run's `turn`), and a message only an older branch holds offers "Continue from here",
 * which starts a new branch from it and keeps every branch. Screenshots:
 * test-results/screenshots/console-continue-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';
const MOCKS = JSON.stringify({ strategy: 'all', mocks: [{ tool_name: 'get_policy', response: { active: true, holder: 'Ada' } }] });
const message = (page: Page, index: number) => page.getByRole('listitem', { name: `Agent, message ${index}` });

describe.skipIf(!chromiumAvailable())('continuing from another branch in Chromium', () => {
  const e2e = useConsoleSuite();

  it('continues from the last message of a branch that is not current, on a third branch', async () => {
    const link = await e2e.invite('qa@example.com', 'builder');
    const t = await e2e.open(link);
    const page = t.page;
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('link', { name: 'Harbor Mutual claims' }).click();
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByLabel('Tool mocks').fill(MOCKS);
    await page.getByRole('button', { name: 'Start session' }).click();
    await message(page, 0).waitFor();
    await page.getByRole('textbox', { name: 'Message as the visitor' }).fill('123456');
    await page.getByRole('textbox', { name: 'Message as the visitor' }).press('Enter');
    await message(page, 2).getByRole('button', { name: 'Car accident' }).click();
    await message(page, 4).getByText('When did it happen?').waitFor();
    // The turn's node and tool call come with the run.
    await message(page, 2).locator('.badge.node').waitFor();
    await message(page, 2).getByText(/1 tool call: get_policy/).waitFor();

    await message(page, 2).getByRole('button', { name: 'Rewind here' }).click();
    await message(page, 2).getByRole('button', { name: 'Home damage' }).click();
    await message(page, 4).waitFor();

    // b1 is not current: its own last message offers "Continue from here", shared ones "Rewind here".
    const tree = page.getByRole('list', { name: 'Branch tree' });
    await tree.getByRole('button', { name: 'Open branch b1' }).click();
    const b1 = page.getByRole('log', { name: 'Messages of branch b1' });
    await b1.getByRole('listitem', { name: 'Agent, message 4' }).getByRole('button', { name: 'Continue from here' }).waitFor();
    expect(await b1.getByRole('listitem', { name: 'Agent, message 2' }).getByRole('button', { name: 'Continue from here' }).count()).toBe(0);
    await e2e.check(t, 'continue-reading-b1');
    await b1.getByRole('listitem', { name: 'Agent, message 4' }).getByRole('button', { name: 'Continue from here' }).click();

    const b3 = page.getByRole('log', { name: 'Messages of branch b3' });
    await b3.getByRole('listitem', { name: 'Visitor, message 3' }).getByText('Car accident').waitFor();
    expect(await tree.getByRole('button', { name: /^Open branch/ }).count()).toBe(3);
    await tree.getByText('b3: forked from b1 after message 4').waitFor();
    // The State panel names the node after each message.
    await page.getByRole('region', { name: 'State' }).getByRole('listitem', { name: 'State after message 4' }).waitFor();
    await e2e.check(t, 'continue-b3');
    expect(realProblems(t)).toEqual([]);
  }, 120_000);
});
