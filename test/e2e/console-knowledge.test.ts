/**
 * Knowledge bases in the console, in Chromium: a builder creates a base, pastes one
 * document and uploads another (a Markdown file), watches both turn from `processing` to
 * `ready` without a reload, finds the answering passage with "Try a search", sees a bad
 * upload refused at once with nothing added, deletes a document, and ticks the base in an
 * agent's settings so the agent answers from it; an operator reads
 * the same base without any control that would change it.
 * Every page is checked with axe; screenshots in test-results/screenshots/console-knowledge-*.png.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';

const PASSWORD = 'correct horse battery';

const SHIPPING = `# Shipping

## Delivery times
Parcels within the country arrive in two to four working days.

## Lost parcels
Report a lost parcel within 30 days and we send a replacement free of charge.`;

describe.skipIf(!chromiumAvailable())('knowledge bases in the console, in Chromium', () => {
  const e2e = useConsoleSuite();

  it('creates a base, adds documents by paste and upload, watches them become ready, and searches them', async () => {
    const t = await e2e.open(await e2e.invite('docs@example.com', 'builder'));
    const page = t.page;
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    await page.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor();
    // The demo agents' inline documents became bases of their own when they were imported.
    await page.getByRole('table', { name: 'Knowledge bases' }).waitFor();
    await e2e.check(t, 'knowledge-01-list');

    await page.getByLabel('Name').fill('Help centre');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    await page.getByRole('heading', { name: 'Help centre', level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/console\/knowledge\/kb_[0-9A-Z]{26}$/);

    // Pasted: a returns policy with a heading per topic.
    await page.getByLabel('Title').fill('Returns policy');
    await page.getByLabel(/^Content/).fill('# Returns\n\n## Refunds\nRefunds are paid back to the original card within 14 days of the return reaching us.\n\n## Exchanges\nExchanges are free for unworn items.');
    await page.getByRole('button', { name: 'Add document' }).click();
    await page.getByRole('cell', { name: 'Returns policy', exact: true }).waitFor();

    // Uploaded: a Markdown file.
    await page.getByLabel(/^File/).setInputFiles({ name: 'shipping.md', mimeType: 'text/markdown', buffer: Buffer.from(SHIPPING) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('cell', { name: 'shipping', exact: true }).waitFor();

    // Both settle to ready without a reload (the ingestion queue runs in the server).
    const table = page.getByRole('table', { name: 'Documents of Help centre' });
    await expect.poll(async () => table.locator('.badge').allTextContents(), { timeout: 20_000 }).toEqual(['ready', 'ready']);
    await e2e.check(t, 'knowledge-02-documents');

    // A file that claims to be a PDF but is not one: refused with the server's reason, nothing added.
    await page.getByLabel(/^File/).setInputFiles({ name: 'manual.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await table.getByRole('row').count()).toBe(3);

    // The search shows the passage an agent would be given, with its heading path.
    await page.getByLabel('Question').fill('how long until my refund arrives');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hits = page.getByRole('list', { name: 'Passages found' });
    await hits.waitFor();
    expect(await hits.getByRole('listitem').first().textContent()).toContain('within 14 days');
    expect(await hits.getByRole('listitem').first().textContent()).toContain('Returns › Refunds');
    await e2e.check(t, 'knowledge-03-search');

    // Delete a document (confirmed).
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete shipping' }).click();
    await page.getByRole('cell', { name: 'shipping', exact: true }).waitFor({ state: 'detached' });
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.apiKey });
    const base = (await parley.knowledgeBases.list()).data.find((b) => b.name === 'Help centre');
    expect(base?.document_count).toBe(1);
    // An agent answers from the base once it is ticked in its settings.
    const { bistro } = e2e.server.agents;
    await page.goto(`${e2e.server.url}/console/agents/${bistro}/settings`);
    await page.getByLabel(/^Help centre/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await parley.agents.get(bistro)).knowledge_base_ids).toContain(base?.id);
    await e2e.check(t, 'knowledge-04-agent-settings');
    // The refused upload is the only error the browser logged.
    expect(realProblems(t)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // An operator reads the base and searches it, with no control that would change it.
    const operator = await e2e.open(await e2e.invite('ops@example.com', 'operator'));
    await operator.page.getByLabel('New password').fill(PASSWORD);
    await operator.page.getByLabel('The same password again').fill(PASSWORD);
    await operator.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await operator.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    await operator.page.getByRole('link', { name: 'Help centre', exact: true }).click();
    await operator.page.getByRole('cell', { name: 'Returns policy', exact: true }).waitFor();
    expect(await operator.page.getByRole('button', { name: /Delete|Upload|Add document/ }).count()).toBe(0);
    await e2e.check(operator, 'knowledge-05-operator');
  }, 120_000);
});
