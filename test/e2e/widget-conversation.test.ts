/**
 * The widget in a real Chromium against a real server: a visitor on the demo site
 * opens the chat, files a claim to the end, watches a streamed answer, and reloads.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { useE2eSuite } from './e2e-suite.ts';
import { widgetOn } from './widget-page.ts';

describe.skipIf(!chromiumAvailable())('the widget in Chromium: a conversation', () => {
  const e2e = useE2eSuite();

  it('shows the launcher and welcome teaser, and opens the bubble on the agent greeting', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await chat.launcher.waitFor();
    await chat.host.locator('.teaser').filter({ hasText: 'Had an accident?' }).waitFor();
    expect(await chat.launcher.getAttribute('aria-label')).toBe('Open chat');
    await t.screenshot('01-bubble-closed-with-teaser');

    await chat.launcher.click();
    await chat.waitForReply('What is your 6-digit policy number?');
    expect(await chat.host.locator('.title').textContent()).toBe('Harbor Mutual claims');
    expect(await chat.focused()).toBe('textarea');
    await t.screenshot('02-bubble-open');
    expect(t.problems).toEqual([]);
  });

  it('files a claim with the claim agent through to the end, using quick replies', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await t.page.getByRole('button', { name: 'File a claim' }).click();
    await chat.waitForReply('policy number');

    await chat.send('123456');
    await chat.waitForReply('Thanks, Ada Lovelace. What happened?');
    expect(await chat.quickReplies.allTextContents()).toEqual(['Car accident', 'Home damage', 'Travel']);
    await t.screenshot('03-claim-quick-replies');

    await chat.quickReplies.filter({ hasText: 'Home damage' }).click();
    await chat.waitForReply('When did it happen?');
    expect(await chat.quickReplies.count()).toBe(0);
    await chat.send('2026-11-20');
    await chat.waitForReply('In a sentence or two, what happened?');
    await chat.send('A pipe burst under the kitchen sink and flooded the floor.');
    await chat.waitForReply('Shall I file a');
    expect(await chat.host.locator('.msg').last().locator('strong').textContent()).toBe('home');
    await chat.quickReplies.filter({ hasText: 'Yes, file it' }).click();
    await chat.waitForReply('is filed');

    const last = chat.host.locator('.msg').last();
    expect(await last.locator('strong').textContent()).toMatch(/^CLM-\d{5}$/);
    await chat.host.locator('.footer').filter({ hasText: 'This conversation has ended.' }).waitFor();
    expect(await chat.input.count()).toBe(0);
    expect((await chat.bubbles()).filter((_, i) => i % 2 === 1)).toEqual([
      '123456',
      'Home damage',
      '2026-11-20',
      'A pipe burst under the kitchen sink and flooded the floor.',
      'Yes, file it',
    ]);
    await t.screenshot('04-claim-filed');

    await chat.host.locator('.footer .primary').click();
    await chat.waitForReply('policy number');
    expect(await chat.bubbles()).toHaveLength(1);
    expect(t.problems).toEqual([]);
  });

  it('renders a streamed answer while it arrives', async () => {
    const answer = 'Roadside assistance is **included** in the Plus plan, with towing up to 100 km and a replacement car for three days.';
    e2e.server.llm.setHandler(() => ({ content: answer, chunkDelayMs: 120 }));
    const { t, chat } = await e2e.visit(`/demo/${e2e.server.agents.support}`, 'support');
    await chat.waitForReply('Ask me anything about your cover.');

    await chat.send('Is roadside assistance included?');
    const reply = chat.host.locator('.msg.agent').last();
    await reply.filter({ hasText: 'Roadside' }).waitFor({ timeout: 15_000 });
    const partial = (await reply.textContent()) ?? '';
    expect(partial).not.toContain('replacement car for three days');
    expect(await reply.getAttribute('aria-busy')).toBe('true');
    await t.screenshot('05-streaming-partial');

    await chat.waitForReply('replacement car for three days.');
    await expect.poll(() => reply.getAttribute('aria-busy')).toBe('false');
    expect(await reply.locator('strong').textContent()).toBe('included');
    await t.screenshot('06-streaming-done');
    expect(t.problems).toEqual([]);
  });

  it('restores the conversation, open, after a reload', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await chat.launcher.click();
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');
    const before = await chat.bubbles();

    await t.page.reload();
    const again = widgetOn(t.page, e2e.server.agents.claims);
    await again.waitForReply('What happened?');
    expect(await again.bubbles()).toEqual(before);
    expect(await again.host.getAttribute('open')).toBe('');
    expect(await again.quickReplies.allTextContents()).toEqual(['Car accident', 'Home damage', 'Travel']);
    await t.screenshot('07-restored-after-reload');
    expect(t.problems).toEqual([]);
  });
});
