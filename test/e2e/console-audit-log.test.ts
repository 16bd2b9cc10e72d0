/**
 * The audit log in the console, in Chromium: an admin reads who changed what — an API key's
 * changes and their own — newest first, filters by action and by object, and pages with
 * "Load more"; a builder has no audit log in the nav and is refused it by address.
 * Screenshots in test-results/screenshots/console-audit-*.png, each page checked with axe.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, setPasswordAndSignIn, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the audit log in the console, in Chromium', () => {
  const e2e = useConsoleSuite();

  it('lists changes with who made them, filters them and pages with Load more; builders do not see it', async () => {
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.apiKey });
    const agent = await parley.agents.create({ name: 'Audited', workflow: { start: 'bye', nodes: { bye: { type: 'end', text: 'Bye' } } } });
    // 55 renames: more than one page (50) of entries.
    for (let i = 1; i <= 55; i++) await parley.agents.update(agent.id, { name: `Audited ${i}` });

    const t = await e2e.open(await e2e.invite('auditor@example.com', 'admin'));
    const page = t.page;
    await setPasswordAndSignIn(page, PASSWORD);
    // A change of the admin's own, made in the console: an API key.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('Billing');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Key Billing created').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    // Newest first: the admin's key, made by a user.
    const text = async (row: typeof rows) => ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(await text(rows.first())).toMatch(/ user user_\S+ api_key\.created api_key key_\S+ name: Billing/);
    // The invitation, then the renames: each made by the workspace's API key.
    expect(await text(rows.nth(1))).toMatch(/ API key key_\S+ user\.invited user user_\S+ role: admin/);
    expect(await text(rows.nth(2))).toMatch(/ API key key_\S+ agent\.updated agent agent_/);
    await e2e.check(t, 'audit-01-list');

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await table.getByText('agent.created').count()).toBe(1);

    await page.getByLabel('Action').fill('api_key.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Action').fill('');
    await page.getByLabel('Object id').fill(agent.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByLabel('Object id').fill('agent_nothing');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entry matches.').waitFor();
    await e2e.check(t, 'audit-02-filtered');
    expect(realProblems(t)).toEqual([]);

    const builder = await e2e.open(await e2e.invite('builder@example.com', 'builder'));
    await setPasswordAndSignIn(builder.page, PASSWORD);
    expect(await builder.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await builder.page.goto(`${e2e.server.url}/console/audit-log`);
    await builder.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  }, 120_000);
});
