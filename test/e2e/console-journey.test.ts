/**
 * The console in Chromium, as a new team member meets it: the first admin's one-time
 * link, sign-in, an agent from a template, its workflow edited and redrawn, the
 * playground with rewinds and a branch tree, a test saved, sign-out. Every page is
 * checked with axe (no serious or critical violation) and leaves a screenshot in
 * test-results/screenshots/console-*.png.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the console in Chromium', () => {
  const e2e = useConsoleSuite();

  it('sets the first admin password from the one-time link, signs out and in again', async () => {
    const link = e2e.auth.invite('admin@example.com', 'admin');
    const t = await e2e.open(link.replace(e2e.server.url, ''));
    const page = t.page;
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await e2e.check(t, '01-set-password');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/agents');
    await page.getByRole('link', { name: 'Harbor Mutual claims' }).waitFor();
    await e2e.check(t, '02-agents');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await e2e.check(t, '03-sign-in');
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(t.problems).toEqual([]);
  });
});
