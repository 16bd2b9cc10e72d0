/**
 * Grounded answers in a real Chromium (issue #17 item 4): an agent's `llm` node answers from
 * a knowledge base through the fake LLM, citing [1] and [2]; the widget shows the numbered
 * references under the answer, each opening to its quote, the https address as a link and
 * a `javascript:` address as nothing at all. Desktop and a 360 px phone, axe on both.
 * Screenshots in test-results/screenshots/42…44-sources-*.png.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreateAgentInput } from '../../client/index.ts';
import { knowledgeBaseSchema, knowledgeDocumentListSchema, knowledgeDocumentSchema } from '../../shared/api/knowledge-bases-api.ts';
import type { FakeChatRequest } from '../fake-llm/fake-llm-types.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { seriousAxeViolations } from './axe.ts';
import { chromiumAvailable } from './browser.ts';
import { useE2eSuite } from './e2e-suite.ts';
import { widgetOn } from './widget-page.ts';

// A long title and a long quote with a long unbroken token: both must wrap inside the panel.
const POLICY = {
  title: 'Harbor Mutual home insurance policy wording, section 4: glass, windows, skylights and conservatory roofs',
  url: 'https://example.com/policies/home-insurance-policy-wording#section-4-glass',
  content: `# Glass

Broken windows are covered up to 500 EUR per claim, including the emergency glazier and boarding up the opening overnight. Send a photo of the broken window with the claim reference HOME-GLASS-COVER-2026-SECTION-4-WINDOWS-AND-SKYLIGHTS so we can pay the glazier directly.`,
};
const HOTLINE = {
  title: 'Claims hotline',
  content: '# Reporting\n\nReport a broken window on the claims hotline 0800 123 456, day or night.',
};
const AGENT = {
  name: 'Home cover',
  first_message: 'Ask me about your home cover.',
  widget: { enabled: true, allowed_origins: [] },
  workflow: { start: 'chat', nodes: { chat: { type: 'llm', prompt: 'Answer questions about home insurance.', fallback: 'Our assistant is offline.' } } },
} satisfies CreateAgentInput;
const UNSAFE_URL = 'javascript:alert(document.domain)';

/** The fake model cites the passages it was given as [1] and [2], as a grounded answer does. */
function citeTwo(body: FakeChatRequest) {
  const system = String(body.messages[0]?.content ?? '');
  if (!system.includes('[2] ')) return { content: 'I do not know.' };
  return { content: 'Yes: a **broken window** is covered up to 500 EUR [1], and you can report it day or night [2].' };
}

describe.skipIf(!chromiumAvailable())('the widget in Chromium: an answer with its sources', () => {
  const e2e = useE2eSuite();

  /** A base with the two documents, the second with an address only the database could hold, and an agent answering from it. */
  async function groundedAgent(): Promise<string> {
    const { app } = e2e.server;
    const base = (await readJson(await app.call('POST', '/v1/knowledge-bases', { name: 'Home cover' }), knowledgeBaseSchema, 201)).id;
    await readJson(await app.call('POST', `/v1/knowledge-bases/${base}/documents`, POLICY), knowledgeDocumentSchema, 202);
    // The API refuses an address that is not http(s) and stores nothing.
    const refused = await readError(await app.call('POST', `/v1/knowledge-bases/${base}/documents`, { ...HOTLINE, url: UNSAFE_URL }), 400);
    expect(refused.code).toBe('invalid_request');
    const stored = await readJson(await app.call('GET', `/v1/knowledge-bases/${base}/documents`), knowledgeDocumentListSchema, 200);
    expect(stored.data.map((document) => document.title)).toEqual([POLICY.title]);
    const hotline = await readJson(await app.call('POST', `/v1/knowledge-bases/${base}/documents`, HOTLINE), knowledgeDocumentSchema, 202);
    await app.app.knowledge.queue.idle();
    // Rows written another way (an old version, a hand-edited database) reach the widget unchecked by the API: it guards itself.
    await app.database.db.updateTable('knowledge_documents').set({ url: UNSAFE_URL }).where('public_id', '=', hotline.id).execute();
    e2e.server.llm.setHandler(citeTwo);
    return (await createAgent(app, { ...AGENT, knowledge_base_ids: [base] })).id;
  }

  let grounded: Promise<string> | undefined;
  const ready = () => (grounded ??= groundedAgent());

  /** Asks on the full-page chat, fresh and the given width wide, and waits for the cited answer. */
  async function ask(width: number) {
    const agent = await ready();
    const { t } = await e2e.visit(`/demo/${agent}`, 'support', { viewport: { width, height: 760 } });
    const chat = widgetOn(t.page, agent);
    await chat.waitForReply('Ask me about your home cover.');
    await chat.send('Is my broken window covered?');
    await chat.waitForReply('day or night');
    const answer = chat.host.locator('.msg.agent').last();
    await expect.poll(() => answer.getAttribute('aria-busy')).toBe('false');
    return { t, chat, answer, references: answer.locator('[part="sources"] li') };
  }

  /** Whether `inner` lies within `outer` horizontally: nothing sticks out of the panel. */
  async function fitsIn(inner: Locator, outer: Locator): Promise<boolean> {
    const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
    return !!a && !!b && a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
  }

  /** Whether the element has the focus (inside the widget's shadow root) and draws an outline for it. */
  const hasFocusRing = (element: Locator): Promise<boolean> =>
    element.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement && getComputedStyle(el).outlineStyle !== 'none');

  it('shows the cited sources as numbered references under the answer; a quote opens, only the https address is a link', async () => {
    const { t, chat, answer, references } = await ask(1280);

    expect(await references.locator('summary').allTextContents()).toEqual([`[1] ${POLICY.title}`, `[2] ${HOTLINE.title}`]);
    const list = answer.locator('[part="sources"]');
    expect(await list.getAttribute('aria-label')).toBe('Sources');
    // Under the message: after its bubble, inside the message.
    const [bubble, box] = await Promise.all([answer.locator('.bubble-text').boundingBox(), list.boundingBox()]);
    expect(box && bubble && box.y >= bubble.y + bubble.height).toBe(true);
    expect(await references.locator('q').first().isVisible()).toBe(false);
    await t.screenshot('42-sources-closed');

    const policy = references.nth(0);
    await policy.locator('summary').click();
    const quote = policy.locator('q');
    await quote.waitFor();
    expect(await quote.textContent()).toContain('Broken windows are covered up to 500 EUR per claim');
    const link = policy.locator('a');
    expect(await link.getAttribute('href')).toBe(POLICY.url);
    expect(await link.textContent()).toBe('example.com');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await fitsIn(quote, chat.panel)).toBe(true);

    const hotline = references.nth(1);
    await hotline.locator('summary').click();
    expect(await hotline.locator('q').textContent()).toContain('claims hotline 0800 123 456');
    expect(await hotline.locator('a').count()).toBe(0);
    const hrefs = await chat.host.evaluate((el) => [...(el.shadowRoot?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href')));
    expect(hrefs.filter((href) => !/^https?:/.test(href ?? ''))).toEqual([]);
    expect(hrefs).toContain(POLICY.url);

    // The keyboard reaches the references, and the focused one shows a ring.
    await policy.locator('summary').focus();
    await t.page.keyboard.press('Tab');
    expect(await hasFocusRing(link)).toBe(true);
    await t.screenshot('43-sources-open-desktop');

    expect(await seriousAxeViolations(t.page)).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it('wraps long titles and quotes on a 360 px phone, within the panel', async () => {
    const { t, chat, references } = await ask(360);
    const policy = references.nth(0);
    await policy.locator('summary').click();
    await policy.locator('q').waitFor();
    for (const part of [policy.locator('summary'), policy.locator('q'), references.nth(1).locator('summary')]) expect(await fitsIn(part, chat.panel)).toBe(true);
    expect(await chat.panel.evaluate((panel) => panel.querySelector('.log')?.scrollWidth === panel.querySelector('.log')?.clientWidth)).toBe(true);
    // From the keyboard, the next reference shows its focus ring.
    await policy.locator('a').focus();
    await t.page.keyboard.press('Tab');
    const next = references.nth(1).locator('summary');
    expect(await hasFocusRing(next)).toBe(true);
    await t.screenshot('44-sources-open-phone');

    expect(await seriousAxeViolations(t.page)).toEqual([]);
    expect(t.problems).toEqual([]);
  });
});
