/**
 * The visitor's side of a hand-off in Chromium: an operator (through the API, as the
 * console calls it) claims the conversation and starts writing; the widget says
 * "<name> is typing…" under their initials, then shows their reply under their name; the
 * visitor's own typing is passed on for the operator's inbox. Screenshots in
 * test-results/screenshots/widget-operator-*.png.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { chromiumAvailable } from './browser.ts';
import { useE2eSuite } from './e2e-suite.ts';

describe.skipIf(!chromiumAvailable())('the widget in Chromium with an operator', () => {
  const e2e = useE2eSuite();

  it("shows the operator typing with their name, then their reply under their name and initials; the visitor's typing is sent", async () => {
    const { support } = e2e.server.agents;
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.server.app.key });
    const { t, chat } = await e2e.visit(`/demo/${support}`, 'support');
    await chat.waitForReply('Ask me anything about your cover.');
    await chat.send('Can I talk to a person about my flooded cellar?');
    await chat.waitForReply('Let me connect you with a colleague.');

    const waiting = (await parley.inbox.list()).conversations[0];
    if (!waiting) throw new Error('the conversation is not in the inbox');
    await parley.inbox.claim(waiting.call_id, { display_name: 'Rosa Diaz' });
    // The console repeats the signal every few seconds while the operator writes; so does this test, until the reply goes.
    let writing = true;
    const keepTyping = (async () => {
      while (writing) {
        await parley.inbox.typing(waiting.call_id);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    })();

    const typing = chat.host.locator('.msg.operator').filter({ has: t.page.locator('[part~="typing"]') });
    await typing.waitFor();
    expect(await typing.locator('.author').textContent()).toBe('Rosa Diaz');
    expect(await typing.locator('.face').getAttribute('data-initials')).toBe('RD');
    await chat.host.getByRole('status').filter({ hasText: 'Rosa Diaz is typing…' }).waitFor();
    await t.screenshot('widget-operator-01-typing');

    writing = false;
    await keepTyping;
    await parley.inbox.reply(waiting.call_id, { content: 'Hi, Rosa here. Is the water still rising?' });
    await chat.waitForReply('Is the water still rising?');
    await typing.waitFor({ state: 'detached' });
    expect(await chat.host.getByRole('status').textContent()).toBe('');
    const reply = chat.host.locator('.msg.operator').last();
    expect(await reply.locator('.author').textContent()).toBe('Rosa Diaz');
    expect(await reply.locator('.face').getAttribute('data-initials')).toBe('RD');
    expect((await chat.bubbles()).at(-1)).toBe('Hi, Rosa here. Is the water still rising?');
    await t.screenshot('widget-operator-02-reply');

    // The visitor writes back: the widget tells the operator's inbox, and the server takes it.
    const request = t.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/typing'));
    await chat.input.pressSequentially('No, it stopped');
    expect((await (await request).response())?.status()).toBe(204);
    expect(t.problems).toEqual([]);
  }, 120_000);
});
