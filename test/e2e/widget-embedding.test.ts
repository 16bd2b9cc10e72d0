/**
 * The widget in a real Chromium against a real server, embedded in harder places: two
 * widgets on one page, keyboard only, right to left, a strict CSP, a phone.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { useE2eSuite } from './e2e-suite.ts';
import { widgetOn } from './widget-page.ts';

describe.skipIf(!chromiumAvailable())('the widget in Chromium: embedding', () => {
  const e2e = useE2eSuite();

  it('runs two widgets on one page, each with its own agent and conversation', async () => {
    e2e.server.llm.setHandler(() => ({ content: 'Add a driver under **My policy → Drivers**; it takes effect at once.' }));
    const { t, chat: support } = await e2e.visit('/demo/inline', 'support');
    const claims = widgetOn(t.page, e2e.server.agents.claims);
    await support.waitForReply('Ask me anything about your cover.');

    await support.send('How do I add a driver?');
    await support.waitForReply('it takes effect at once.');
    await claims.launcher.click();
    await claims.waitForReply('policy number');
    await claims.send('123456');
    await claims.waitForReply('What happened?');

    expect(await support.bubbles()).toEqual([
      "Hi! I'm Harbor Mutual's assistant. Ask me anything about your cover.",
      'How do I add a driver?',
      'Add a driver under My policy → Drivers; it takes effect at once.',
    ]);
    expect((await claims.bubbles()).slice(1)).toEqual(['123456', 'Thanks, Ada Lovelace. What happened?']);
    // The page's own script hears the widgets' DOM events.
    await t.page.locator('#event-log li').filter({ hasText: 'parley-message assistant: Thanks, Ada Lovelace.' }).waitFor();
    await t.screenshot('08-two-widgets-one-page');
    expect(t.problems).toEqual([]);
  });

  it('is usable with the keyboard alone, and Escape returns focus to the launcher', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await chat.launcher.waitFor();

    // Tab through the page until the launcher has focus.
    for (let i = 0; i < 30 && (await chat.focused()) !== 'launcher'; i++) await t.page.keyboard.press('Tab');
    expect(await chat.focused()).toBe('launcher');
    await t.screenshot('09-keyboard-launcher-focused');
    await t.page.keyboard.press('Enter');
    await chat.waitForReply('policy number');
    expect(await chat.focused()).toBe('textarea');
    await t.page.keyboard.type('123456');
    await t.page.keyboard.press('Enter');
    await chat.waitForReply('What happened?');

    // Back from the text box to the quick replies: Travel, then Home damage.
    await t.page.keyboard.press('Shift+Tab');
    await t.page.keyboard.press('Shift+Tab');
    expect(await chat.host.evaluate((el) => el.shadowRoot?.activeElement?.textContent)).toBe('Home damage');
    await t.screenshot('10-keyboard-quick-reply-focused');
    await t.page.keyboard.press('Enter');
    await chat.waitForReply('When did it happen?');
    expect(await chat.focused()).toBe('textarea');

    await t.page.keyboard.press('Escape');
    await chat.panel.waitFor({ state: 'detached' });
    expect(await chat.focused()).toBe('launcher');
    expect(await chat.launcher.getAttribute('aria-expanded')).toBe('false');
    await t.screenshot('11-keyboard-escape-back-to-launcher');
    expect(t.problems).toEqual([]);
  });

  it('lays out right to left in Arabic', async () => {
    const { t, chat } = await e2e.visit(`/demo/${e2e.server.agents.claims}?lang=ar`, 'claims');
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');

    expect(await chat.host.locator('.root').getAttribute('dir')).toBe('rtl');
    expect(await chat.input.getAttribute('placeholder')).toBe('اكتب رسالة…');
    const agentBox = await chat.host.locator('.msg.agent').first().boundingBox();
    const userBox = await chat.host.locator('.msg.user').first().boundingBox();
    // Right to left: the agent speaks from the right, the visitor from the left.
    expect(agentBox && userBox && agentBox.x > userBox.x).toBe(true);
    await t.screenshot('12-rtl-arabic');
    expect(t.problems).toEqual([]);
  });

  it('works on a page with a strict Content-Security-Policy, with no violation', async () => {
    const { t, chat, response } = await e2e.visit('/demo/csp', 'claims');
    expect(response?.headers()['content-security-policy']).toBe("default-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'self'");
    await chat.launcher.click();
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');

    // Styled (adopted stylesheets and CSSOM are allowed where inline styles are not).
    expect(await chat.launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 92, 173)');
    expect(await chat.launcher.evaluate((el) => getComputedStyle(el).borderRadius)).toBe('50%');
    await t.screenshot('13-strict-csp');
    expect(t.problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it('opens full screen on a phone, inside the safe area, and keeps focus in the panel', async () => {
    const { t, chat } = await e2e.visit('/', 'claims', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await chat.launcher.waitFor();
    await t.screenshot('14-phone-closed');
    await chat.launcher.tap();
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');

    expect(await chat.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    expect(await chat.launcher.isVisible()).toBe(false);
    expect(await chat.panel.getAttribute('aria-modal')).toBe('true');
    for (let i = 0; i < 12; i++) {
      await t.page.keyboard.press('Tab');
      expect(await chat.focused(), `after ${i + 1} Tab presses`).not.toBeNull();
    }
    await t.screenshot('15-phone-open');

    await chat.host.locator('[part~="close-button"]').tap();
    await chat.panel.waitFor({ state: 'detached' });
    expect(await chat.launcher.isVisible()).toBe(true);
    expect(t.problems).toEqual([]);
  });
});
