import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/controller-harness.ts';
import { bubbles, mountChat, part, parts, typeAndSend, until } from '../testing/element-harness.ts';
import { claimAgent, createFakeChatServer, echoAgent, type FakeAgent, type FakeChatServer } from '../testing/fake-chat-server.ts';
import type { ParleyChat } from './parley-chat.ts';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = '';
});

const hostileAgent: FakeAgent = {
  ...echoAgent,
  id: 'agent_bad0bad0',
  greeting: {
    content: 'Hello <img src=x onerror="window.pwned=1"> <script>window.pwned=1</script>\n\n[free money](javascript:window.pwned=1) and <b>bold</b>',
  },
};

/** An inline echo widget past its greeting, its events channel open for pushed events. */
async function mountListening(server: FakeChatServer): Promise<{ chat: ParleyChat; runId: number }> {
  const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
  await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
  const runId = [...server.runs.keys()][0] ?? 0;
  await until(chat, () => expect(server.runs.get(runId)?.listeners.size).toBe(1));
  return { chat, runId };
}

describe('<parley-chat>', () => {
  it('opens from the launcher, moves focus to the text box and shows the greeting', async () => {
    const server = createFakeChatServer([claimAgent]);
    const chat = await mountChat(server, { agent: claimAgent.id });
    const opened: Event[] = [];
    document.addEventListener('parley-open', (e) => opened.push(e), { once: true });
    const launcher = part(chat, '[part~="launcher"]');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(chat.shadowRoot?.querySelector('[part~="panel"]')).toBeNull();

    launcher.click();
    await until(chat, () => expect(bubbles(chat)).toEqual(['Assistant: Hi! I can help you file a claim. What is your policy number?']));
    expect(chat.hasAttribute('open')).toBe(true);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, 'textarea'));
    expect(part(chat, '.bubble-text strong').textContent).toBe('policy number');
    expect(opened[0]).toMatchObject({ bubbles: true, composed: true, detail: { agent: claimAgent.id } });
  });

  it('sends with Enter, offers quick replies as buttons, and sends the one clicked', async () => {
    const server = createFakeChatServer([claimAgent]);
    const chat = await mountChat(server, { agent: claimAgent.id, open: '' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    const messages: unknown[] = [];
    chat.addEventListener('parley-message', (e) => messages.push((e as CustomEvent).detail.message.content));

    typeAndSend(chat, '123456');
    await until(chat, () => expect(parts(chat, '[part~="quick-reply"]').map((b) => b.textContent)).toEqual(['Car accident', 'Water damage', 'Theft']));
    expect(part<HTMLTextAreaElement>(chat, 'textarea').value).toBe('');
    expect(part(chat, '[part~="quick-replies"]').getAttribute('aria-label')).toBe('Suggested replies');

    // Clicking focuses a button in Chromium; happy-dom needs telling.
    parts(chat, '[part~="quick-reply"]')[1]?.focus();
    parts(chat, '[part~="quick-reply"]')[1]?.click();
    await until(chat, () => expect(bubbles(chat).at(-1)).toBe('Assistant: Got it: Water damage. Please describe it in a sentence.'));
    expect(parts(chat, '[part~="quick-reply"]')).toHaveLength(0);
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, 'textarea'));
    expect(messages).toEqual(['123456', 'Thanks. What happened?', 'Water damage', 'Got it: *Water damage*. Please describe it in a sentence.']);

    typeAndSend(chat, 'A pipe burst.');
    await until(chat, () => expect(part(chat, '[part~="footer"]').textContent).toContain('This conversation has ended.'));
    expect(chat.shadowRoot?.querySelector('textarea')).toBeNull();
  });

  it('shows hostile agent output as text: no elements, no javascript: links', async () => {
    const server = createFakeChatServer([hostileAgent]);
    const chat = await mountChat(server, { agent: hostileAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    const bubble = part(chat, '.msg.agent .bubble-text');
    expect(bubble.querySelector('img, script, b, a')).toBeNull();
    expect(bubble.textContent).toContain('<img src=x onerror="window.pwned=1">');
    expect(bubble.textContent).toContain('<script>window.pwned=1</script>');
    expect(bubble.textContent).toContain('free money');
    expect(bubble.textContent).toContain('<b>bold</b>');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();

    typeAndSend(chat, '<img src=x onerror=alert(1)>');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));
    expect(chat.shadowRoot?.querySelector('img')).toBeNull();
    expect(bubbles(chat).slice(1)).toEqual(['You: <img src=x onerror=alert(1)>', 'Assistant: <img src=x onerror=alert(1)>']);
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id });
    part(chat, '[part~="launcher"]').click();
    await until(chat, () => expect(chat.shadowRoot?.activeElement).toBe(part(chat, 'textarea')));
    const closed: Event[] = [];
    chat.addEventListener('parley-close', (e) => closed.push(e));

    part(chat, 'textarea').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[part~="panel"]')).toBeNull());
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, '[part~="launcher"]'));
    expect(closed).toHaveLength(1);
  });

  it('names every control and marks the transcript as a polite log', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, open: '' });
    typeAndSend(chat, 'hello');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));
    const log = part(chat, '[part~="messages"]');
    expect([log.getAttribute('role'), log.getAttribute('aria-live'), log.getAttribute('aria-label')]).toEqual(['log', 'polite', 'Conversation']);
    expect(part(chat, '[role="status"]')).toBeTruthy();
    expect(part(chat, '[part~="panel"]').getAttribute('aria-label')).toBe('Echo');
    const unnamed = parts(chat, 'button, textarea').filter((c) => !(c.getAttribute('aria-label') || c.textContent?.trim()));
    expect(unnamed.map((c) => c.outerHTML)).toEqual([]);
    expect(parts(chat, '[part~="feedback-button"]').map((b) => b.getAttribute('aria-label'))).toEqual(['Helpful', 'Not helpful']);
  });

  it('keeps a failed message with a named retry control', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    server.failNext('POST', /\/messages$/, 503, 'unavailable');

    typeAndSend(chat, 'are you there?');
    await until(chat, () => expect(part(chat, '[part~="retry-button"]').textContent?.trim()).toBe('Retry'));
    expect(part(chat, '[part~="notice"]').textContent).toBe('Something went wrong. Please try again.');
    expect(bubbles(chat)).toEqual(['Assistant: Say something.', 'You: are you there?']);

    part(chat, '[part~="retry-button"]').click();
    await until(chat, () => expect(bubbles(chat).at(-1)).toBe('Assistant: are you there?'));
    expect(chat.shadowRoot?.querySelector('[part~="retry-button"]')).toBeNull();
  });

  it('lays out right to left with Arabic strings for lang="ar"', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, lang: 'ar' });
    const root = part(chat, '.root');
    expect([root.getAttribute('dir'), root.getAttribute('lang')]).toEqual(['rtl', 'ar']);
    expect(part(chat, '[part~="launcher"]').getAttribute('aria-label')).toBe('فتح الدردشة');
  });

  it('takes its language from the attribute, else the agent, else the page', async () => {
    const server = createFakeChatServer([{ ...echoAgent, language: 'de' }, { ...claimAgent, language: 'xx' }]);
    document.documentElement.lang = 'fr-CA';
    const german = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    const french = await mountChat(server, { agent: claimAgent.id, mode: 'inline' });
    const spanish = await mountChat(server, { agent: claimAgent.id, mode: 'inline', lang: 'es' });
    await until(german, () => expect(part(german, 'textarea').getAttribute('aria-label')).toBe('Ihre Nachricht'));
    await until(french, () => expect(part(french, 'textarea').getAttribute('aria-label')).toBe('Votre message'));
    expect(part(spanish, 'textarea').getAttribute('aria-label')).toBe('Tu mensaje');
  });

  it('runs two widgets on one page with separate conversations', async () => {
    const server = createFakeChatServer([claimAgent, echoAgent]);
    const storage = memoryStorage();
    const claims = await mountChat(server, { agent: claimAgent.id, mode: 'inline' }, storage);
    const echo = await mountChat(server, { agent: echoAgent.id, mode: 'inline' }, storage);
    await until(echo, () => expect(bubbles(echo)).toHaveLength(1));

    typeAndSend(echo, 'only here');
    await until(echo, () => expect(bubbles(echo)).toHaveLength(3));
    expect(bubbles(claims)).toEqual(['Assistant: Hi! I can help you file a claim. What is your policy number?']);
    expect(storage.data.size).toBe(2);
  });

  it('is driven by window.Parley, per agent', async () => {
    const server = createFakeChatServer([claimAgent, echoAgent]);
    const claims = await mountChat(server, { agent: claimAgent.id });
    const echo = await mountChat(server, { agent: echoAgent.id });
    const api = window.Parley;
    if (!api) throw new Error('window.Parley is missing');
    const seen: string[] = [];
    const off = api.on('message', (detail) => seen.push(detail.message.content), echoAgent.id);

    api.open(echoAgent.id);
    await until(echo, () => expect(bubbles(echo)).toEqual(['Assistant: Say something.']));
    expect(claims.opened).toBe(false);
    await api.send('via the API', echoAgent.id);
    await until(echo, () => expect(bubbles(echo).at(-1)).toBe('Assistant: via the API'));
    expect(seen).toEqual(['Say something.', 'via the API', 'via the API']);

    off();
    api.toggle(echoAgent.id);
    await until(echo, () => expect(echo.opened).toBe(false));
    expect(api.widgets().map((w) => w.agent).sort()).toEqual([claimAgent.id, echoAgent.id].sort());
  });

  it('counts replies that arrive while closed on the launcher badge', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id });
    await chat.send('while closed');
    await until(chat, () => expect(part(chat, '[part~="badge"]').textContent).toBe('2'));
    expect(part(chat, '[part~="launcher"]').getAttribute('aria-label')).toBe('Open chat, 2 unread');

    chat.open();
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[part~="badge"]')).toBeNull());
  });

  it('shows the welcome teaser until it is dismissed, and remembers that', async () => {
    const server = createFakeChatServer([claimAgent]);
    const storage = memoryStorage();
    const chat = await mountChat(server, { agent: claimAgent.id }, storage);
    await until(chat, () => expect(part(chat, '[part~="teaser"]').textContent).toContain('Need to file a claim? I can help.'));

    part(chat, '[part~="teaser-close"]').click();
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[part~="teaser"]')).toBeNull());
    chat.remove();
    const again = await mountChat(server, { agent: claimAgent.id }, storage);
    await until(again, () => expect(part(again, '.root')).toBeTruthy());
    expect(again.shadowRoot?.querySelector('[part~="teaser"]')).toBeNull();
  });

  it('applies the agent theme beneath the page and sends the context attribute', async () => {
    const server = createFakeChatServer([{ ...echoAgent, theme: { accent: '#fde047', radius: '4px' } }]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline', context: '{"plan":"gold"}', title: 'Ask us' });
    await until(chat, () => expect(part(chat, '.root').style.getPropertyValue('--_agent-accent')).toBe('#fde047'));
    // A light accent gets dark text, to keep WCAG AA contrast.
    expect(part(chat, '.root').style.getPropertyValue('--_agent-on-accent')).toBe('#111111');
    expect(part(chat, '.title').textContent).toBe('Ask us');
    expect(server.requests.find((r) => r.path.endsWith('/sessions'))?.body).toEqual({ initial_context: { plan: 'gold' } });
  });

  it('drops the agent theme when pointed at an agent without one', async () => {
    const server = createFakeChatServer([{ ...echoAgent, theme: { accent: '#fde047' } }, claimAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(part(chat, '.root').style.getPropertyValue('--_agent-accent')).toBe('#fde047'));

    chat.setAttribute('agent', claimAgent.id);
    await until(chat, () => expect(bubbles(chat)).toEqual(['Assistant: Hi! I can help you file a claim. What is your policy number?']));
    expect(part(chat, '.root').style.getPropertyValue('--_agent-accent')).toBe('');
    expect(part(chat, '.root').style.getPropertyValue('--_agent-on-accent')).toBe('');
  });

  it('shows a keypad for a gather prompt and sends the digits pressed', async () => {
    const server = createFakeChatServer([echoAgent]);
    const { chat, runId } = await mountListening(server);

    server.push(runId, { type: 'gather', gather_id: 'g7', prompt: 'Enter your 4-digit PIN', max_digits: 4, terminator: '#', timeout_seconds: 20 });
    await until(chat, () => expect(part(chat, '[part~="keypad"]').getAttribute('aria-label')).toBe('Keypad'));
    expect(chat.shadowRoot?.querySelector('textarea')).toBeNull();
    const key = (label: string) => parts(chat, '[part~="keypad-key"]').find((b) => b.textContent === label);
    const press = (label: string) => {
      key(label)?.focus();
      key(label)?.click();
    };
    for (const label of ['4', '2', '0']) press(label);
    await until(chat, () => expect(part(chat, '.keypad-digits').textContent).toBe('420'));
    press('7');
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[part~="keypad"]')).toBeNull());
    expect(server.runs.get(runId)?.gathered).toEqual(['4207']);
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, 'textarea'));
  });

  it('shows a transfer and the operator messages that follow, labelled', async () => {
    const server = createFakeChatServer([echoAgent]);
    const { chat, runId } = await mountListening(server);

    server.push(runId, { type: 'transferred', destination: 'human' });
    server.push(runId, { type: 'message', message: { index: 1, role: 'assistant', author: 'operator', content: 'Hi, Dana here.', timestamp: '' } });
    await until(chat, () => expect(bubbles(chat).at(-1)).toBe('Support agent: Hi, Dana here.'));
    expect(part(chat, '[part~="note"]').textContent).toBe('You are now connected to a person.');
    expect(part(chat, '[part~="message-operator"] .author').textContent).toBe('Support agent');
  });

  it('says the chat is unavailable when the agent refuses this page', async () => {
    const server = createFakeChatServer([echoAgent]);
    server.failNext('GET', /widget-config$/, 403, 'origin_not_allowed');
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(part(chat, '[part~="notice"]').textContent).toBe('The chat is not available here.'));
    expect(part(chat, '[role="status"]').textContent).toBe('The chat is not available here.');
  });

  it('reopens after a reload with the conversation restored', async () => {
    const server = createFakeChatServer([echoAgent]);
    const storage = memoryStorage();
    const first = await mountChat(server, { agent: echoAgent.id }, storage);
    first.open();
    await until(first, () => expect(bubbles(first)).toHaveLength(1));
    typeAndSend(first, 'remember me');
    await until(first, () => expect(bubbles(first)).toHaveLength(3));
    first.remove();

    const second = await mountChat(server, { agent: echoAgent.id }, storage);
    await until(second, () => expect(bubbles(second)).toEqual(['Assistant: Say something.', 'You: remember me', 'Assistant: remember me']));
    expect(second.opened).toBe(true);
  });
});
