/**
 * The visitor walk of issue #16 in a real Chromium against a real server, desktop and
 * phone: awkward content that must not widen the layout, a site that is not allowed, the
 * server going down and coming back mid-conversation, the phone keyboard, editing an
 * earlier answer, the bundle's size on the wire, and axe on the open widget.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { chromiumAvailable, openPage } from './browser.ts';
import { useE2eSuite } from './e2e-suite.ts';
import { widgetOn, type WidgetHandle } from './widget-page.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

/** Replies that used to push the transcript sideways: a long code line, a wide table, a long URL, an unbroken RTL run. */
const AWKWARD = [
  'Here is the call:',
  '```',
  `curl -X POST https://api.harbor-mutual.example/v1/claims/${'x'.repeat(60)} -H 'authorization: Bearer pk_live_abc'`,
  '```',
  '| plan | excess | roadside | glass | rental car | legal cover | abroad |',
  '|---|---|---|---|---|---|---|',
  '| Basic | 500 EUR | no | no | no | no | EU only |',
  '| Plus | 250 EUR | yes | yes | 3 days | yes | worldwide |',
  '',
  `See https://harbor-mutual.example/help/claims/${'very-long-path-segment-'.repeat(6)}end and ${'مرحبا'.repeat(30)}.`,
].join('\n');

/** Every element of the widget that sticks out of the transcript's box, sideways. */
function overflowing(chat: WidgetHandle): Promise<string[]> {
  return chat.host.evaluate((host) => {
    const log = host.shadowRoot?.querySelector('.log');
    if (!log) return ['no log'];
    const box = log.getBoundingClientRect();
    const out = [...log.querySelectorAll('.msg, .bubble-text, .content > *')]
      .filter((el) => el.getBoundingClientRect().right > box.right + 0.5 || el.getBoundingClientRect().left < box.left - 0.5)
      .map((el) => `${el.className || el.localName}: ${Math.round(el.getBoundingClientRect().width)}px in ${Math.round(box.width)}px`);
    if (log.scrollWidth > log.clientWidth) out.push(`log scrolls sideways: ${log.scrollWidth} > ${log.clientWidth}`);
    return out;
  });
}

async function awkwardReply(chat: WidgetHandle): Promise<void> {
  await chat.waitForReply('Ask me anything about your cover.');
  await chat.send('Show me everything');
  await chat.host.locator('.msg.agent table').waitFor();
}

describe.skipIf(!chromiumAvailable())('the widget in Chromium: the visitor walk', () => {
  const e2e = useE2eSuite();

  it('never lays out wider than the panel: code scrolls in its block, tables and long words stay inside (phone and desktop)', async () => {
    e2e.server.llm.setHandler(() => ({ content: AWKWARD }));
    const phone = await e2e.visit(`/demo/${e2e.server.agents.support}`, 'support', PHONE);
    await awkwardReply(phone.chat);
    expect(await overflowing(phone.chat)).toEqual([]);
    const pre = phone.chat.host.locator('.msg.agent pre').last();
    expect(await pre.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await phone.t.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.t.screenshot('30-phone-code-table-url-rtl');

    const desktop = await e2e.visit('/demo/inline', 'support');
    await awkwardReply(desktop.chat);
    expect(await overflowing(desktop.chat)).toEqual([]);
    await desktop.chat.host.locator('.msg.agent').last().scrollIntoViewIfNeeded();
    await desktop.t.screenshot('31-desktop-code-table-url-rtl');
    expect([...phone.t.problems, ...desktop.t.problems]).toEqual([]);
  });

  it('tells a visitor on a site that is not allowed that the chat is not available here, and the site owner why', async () => {
    const { browser } = e2e;
    const t = await openPage(browser);
    try {
      // Same server, another origin: not in the agent's allowed_origins.
      const elsewhere = e2e.server.url.replace('127.0.0.1', 'localhost');
      await t.page.goto(`${elsewhere}/`);
      const chat = widgetOn(t.page, e2e.server.agents.claims);
      await chat.launcher.click();
      await chat.host.locator('[part~="notice"]').filter({ hasText: 'The chat is not available here.' }).waitFor();
      expect(await chat.host.locator('textarea').count()).toBe(0);
      expect(t.problems.some((p) => p.includes(`Parley: the chat of ${e2e.server.agents.claims} is not available on ${elsewhere}`) && p.includes('allowed_origins'))).toBe(true);
      expect(await chat.host.locator('[part~="notice"]').textContent()).not.toContain('Reconnecting');
      await t.screenshot('32-site-not-allowed');
    } finally {
      await t.close();
    }
  });

  it('gets back on its feet when the server goes down mid-conversation: banner cleared, the failed message sent once', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await chat.launcher.click();
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');
    const runId = await t.page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('parley:'))?.[1] ?? '{}').runId as number);

    await e2e.server.goDown();
    await chat.quickReplies.filter({ hasText: 'Home damage' }).click();
    await chat.host.locator('[part~="notice"]').filter({ hasText: 'Connection lost. Reconnecting…' }).waitFor();
    await chat.host.locator('.msg.user.failed').waitFor();
    // The quick replies stay while the message has failed.
    expect(await chat.quickReplies.allTextContents()).toEqual(['Car accident', 'Home damage', 'Travel']);
    await t.screenshot('33-server-down');

    await e2e.server.comeBack();
    await chat.waitForReply('When did it happen?', 20_000);
    await chat.host.locator('[part~="notice"]').waitFor({ state: 'detached' });
    expect(await chat.host.locator('.msg.failed').count()).toBe(0);
    await t.screenshot('34-server-back');

    const stored = await e2e.server.app.database.db.selectFrom('messages').select(['content', 'role']).where('session_id', '=', runId).orderBy('idx').execute();
    expect(stored.filter((m) => m.content === 'Home damage')).toHaveLength(1);
    expect(stored.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
    // The browser logs the refused connections while the server was down; nothing else.
    expect(t.problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(p))).toEqual([]);
  });

  it('on a phone keeps the composer and the newest message above the keyboard, with 16 px text and 44 px targets', async () => {
    const { t, chat } = await e2e.visit('/', 'claims', PHONE);
    await chat.launcher.tap();
    await chat.waitForReply('policy number');
    await chat.send('123456');
    await chat.waitForReply('What happened?');

    expect(await chat.input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    const small = await chat.host.evaluate((host) =>
      [...(host.shadowRoot?.querySelectorAll('[part~="quick-reply"], [part~="feedback-button"], [part~="close-button"], [part~="restart-button"], [part~="send-button"]') ?? [])]
        .map((el) => ({ part: el.getAttribute('part'), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ part, box }) => `${part}: ${box.width}×${box.height}`),
    );
    expect(small).toEqual([]);

    // The on-screen keyboard takes the lower 340 px: the visual viewport shrinks, the layout viewport does not.
    await chat.input.focus();
    await t.page.evaluate(() => {
      const viewport = window.visualViewport;
      if (!viewport) throw new Error('no visualViewport');
      Object.defineProperty(viewport, 'height', { configurable: true, get: () => 504 });
      viewport.dispatchEvent(new Event('resize'));
    });
    const composer = await chat.host.locator('[part~="composer"]').boundingBox();
    const newest = await chat.host.locator('.msg').last().boundingBox();
    expect((composer?.y ?? 0) + (composer?.height ?? 0)).toBeLessThanOrEqual(504);
    expect((newest?.y ?? 0) + (newest?.height ?? 0)).toBeLessThanOrEqual(composer?.y ?? 0);
    expect(newest?.y ?? -1).toBeGreaterThanOrEqual(0);
    await t.screenshot('35-phone-keyboard-open');
    expect(t.problems).toEqual([]);
  });

  it('edits an earlier answer from the keyboard: the conversation goes on from it, both branches readable, still editable after a reload', async () => {
    const { t, chat } = await e2e.visit(`/demo/${e2e.server.agents.bistro}`, 'bistro');
    await chat.waitForReply('Which day would you like to come?');
    await chat.send('2026-12-24');
    await chat.waitForReply('How many');
    await chat.send('4');
    await chat.host.locator('.msg.agent').nth(2).waitFor();
    await t.screenshot('36-before-edit');

    await t.page.reload();
    const edit = chat.host.getByRole('button', { name: 'Edit message' }).first();
    await edit.waitFor();
    await edit.focus();
    await t.page.keyboard.press('Enter');
    await chat.input.waitFor();
    expect(await chat.input.inputValue()).toBe('2026-12-24');
    await chat.input.fill('2026-12-31');
    await t.page.keyboard.press('Enter');
    await chat.waitForReply('How many');
    expect((await chat.bubbles()).filter((_, i) => i % 2 === 1)).toEqual(['2026-12-31']);
    await t.screenshot('37-after-edit');

    const runId = await t.page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('parley:') && !k.includes('|teaser') && !k.includes('|draft'))?.[1] ?? '{}').runId as number);
    const path = `/workflow/${e2e.server.agents.bistro}/text-chat/sessions/${runId}`;
    const current = await readJson(await e2e.server.app.call('GET', path), runSchema, 200);
    const old = await readJson(await e2e.server.app.call('GET', `${path}?branch=b1`), runSchema, 200);
    expect(current.branch_id).toBe('b2');
    expect(current.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['2026-12-31']);
    expect(old.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['2026-12-24', '4']);
    expect(t.problems).toEqual([]);
  });

  it('sends /widget.js brotli-compressed, under 30 KB on the wire', async () => {
    const { t, chat } = await e2e.visit('/', 'claims');
    await chat.launcher.waitFor();
    const size = await t.page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js')) as PerformanceResourceTiming | undefined;
      return { encoded: entry?.encodedBodySize ?? 0, decoded: entry?.decodedBodySize ?? 0 };
    });
    const res = await fetch(`${e2e.server.url}/widget.js`, { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    console.info(`/widget.js on the wire: ${size.encoded} bytes (${size.decoded} decoded)`);
    expect(size.encoded).toBeGreaterThan(0);
    expect(size.encoded).toBeLessThan(30 * 1024);
    expect(size.decoded).toBeGreaterThan(size.encoded * 2);
  });

  it('passes axe on the open widget, desktop and phone: no serious or critical violations', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const [name, options] of [['desktop', {}], ['phone', PHONE]] as const) {
      const { t, chat } = await e2e.visit('/', 'claims', { ...options, bypassCSP: true });
      await chat.launcher.click();
      await chat.waitForReply('policy number');
      await chat.send('123456');
      await chat.waitForReply('What happened?');
      await t.page.evaluate(axeSource);
      const violations = await t.page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
        const result = await axe.run({ include: [['parley-chat']] }, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
      });
      console.info(`axe on the open widget (${name}): ${violations.length === 0 ? 'no violations' : JSON.stringify(violations)}`);
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), name).toEqual([]);
      await t.screenshot(`38-axe-${name}`);
    }
  });
});
