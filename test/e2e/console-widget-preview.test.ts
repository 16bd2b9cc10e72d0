/**
 * The agent settings form previews the real widget (`/widget.js`) under the theme being
 * edited, in Chromium under the console's strict CSP: changing the accent colour restyles
 * the widget without saving. Screenshots: test-results/screenshots/console-preview-*.png.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the widget preview in Chromium', () => {
  const e2e = useConsoleSuite();

  it('shows the real widget under the theme being edited and restyles it as the accent colour changes', async () => {
    const link = await e2e.invite('designer@example.com', 'builder');
    const t = await e2e.open(link);
    const page = t.page;
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('link', { name: 'Harbor Mutual support' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();

    const preview = page.getByRole('region', { name: 'Widget preview' });
    // The visitor's sample message is drawn by the widget itself, in its accent colour.
    const visitorBubble = preview.locator('parley-chat .msg.user .bubble-text').first();
    await visitorBubble.waitFor();
    await preview.getByText('This is a preview: messages go nowhere.').first().waitFor();
    const background = () => visitorBubble.evaluate((e) => getComputedStyle(e).backgroundColor);
    const before = await background();
    await preview.screenshot({ path: 'test-results/screenshots/console-preview-before.png' });
    const shotBefore = await preview.screenshot();

    await page.getByLabel('Accent colour').fill('#c2185b');
    await expect.poll(background).toBe('rgb(194, 24, 91)');
    expect(before).not.toBe('rgb(194, 24, 91)');
    await page.locator('[id="widget.title"]').fill('Claims desk');
    await preview.getByText('Claims desk').first().waitFor();
    await e2e.check(t, 'preview-after');
    expect((await preview.screenshot()).equals(shotBefore)).toBe(false);

    // Nothing was saved: the agent keeps its theme until "Save settings".
    const agents = (await (await fetch(`${e2e.server.url}/v1/agents`, { headers: { authorization: `Bearer ${e2e.apiKey}` } })).json()) as { agents: { name: string; widget: { theme: { accent?: string } } }[] };
    expect(agents.agents.find((a) => a.name === 'Harbor Mutual support')?.widget.theme.accent).not.toBe('#c2185b');
    expect(realProblems(t)).toEqual([]);
  }, 120_000);
});
