import { describe, expect, it } from 'vitest';
import { useHarnesses } from '../testing/controller-harness.ts';
import { claimAgent, echoAgent, FAKE_ORIGIN } from '../testing/fake-chat-server.ts';
import { isMessage } from './conversation-log.ts';

const { start, until } = useHarnesses();

describe('ChatController', () => {
  it('starts nothing for a closed bubble, and a session once opened', async () => {
    const h = start(claimAgent);
    await Promise.resolve();
    expect(h.server.requests).toEqual([]);

    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    expect(h.transcript()).toEqual(['agent: Hi! I can help you file a claim.\n\nWhat is your **policy number**?']);
    expect(h.events.map((e) => e.name)).toContain('parley-session-start');
  });

  it('talks to the claim agent through to the end', async () => {
    const h = start(claimAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));

    await h.chat.send('123456');
    expect(h.chat.log.choices).toEqual(['Car accident', 'Water damage', 'Theft']);
    await h.chat.send('Water damage');
    expect(h.chat.log.choices).toEqual([]);
    await h.chat.send('A pipe burst in the kitchen.');

    expect(h.transcript().slice(1)).toEqual([
      'user: 123456',
      'agent: Thanks. What happened?',
      'user: Water damage',
      'agent: Got it: *Water damage*. Please describe it in a sentence.',
      'user: A pipe burst in the kitchen.',
      'agent: Thanks, your claim is filed. Reference **CL-1042**.',
    ]);
    expect(h.chat.status).toBe('ended');
    const end = h.events.filter((e) => e.name === 'parley-session-end');
    expect(end).toHaveLength(1);
    expect(end[0]?.detail).toMatchObject({ reason: 'agent-hangup' });
    // A reload after the end starts a new conversation.
    expect(h.storage.data.size).toBe(0);
  });

  it('shows a streamed reply while it arrives, before the turn completes', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    const release = h.server.holdReplies();

    const sent = h.chat.send('one two three');
    await until(() => expect(h.transcript().at(-1)).toBe('agent: one '));
    expect(h.chat.busy).toBe(true);
    expect(h.chat.waiting).toBe(false);
    const streaming = h.chat.log.entries.at(-1);
    expect(streaming && isMessage(streaming) && streaming.state).toBe('streaming');

    release();
    await sent;
    expect(h.transcript().at(-1)).toBe('agent: one two three');
    expect(h.chat.busy).toBe(false);
    expect(h.server.requests.find((r) => r.path.endsWith('/messages'))?.accept).toBe('text/event-stream');
  });

  it('keeps a message whose send failed, and sends the same text again on retry', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    h.server.failNext('POST', /\/messages$/, 500, 'internal_error');

    await h.chat.send('hello there');
    const failed = h.chat.log.entries.at(-1);
    expect(failed && isMessage(failed) ? [failed.content, failed.state] : null).toEqual(['hello there', 'failed']);
    expect(h.chat.notice).toBe('error');
    expect(h.events.find((e) => e.name === 'parley-error')?.detail).toMatchObject({ code: 'internal_error' });

    await h.chat.retry(failed?.key ?? '');
    expect(h.transcript().slice(1)).toEqual(['user: hello there', 'agent: hello there']);
    expect(h.chat.notice).toBeNull();
  });

  it('tells the visitor to slow down on 429 and keeps the message', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    h.server.failNext('POST', /\/messages$/, 429, 'rate_limited', { 'Retry-After': '7' });

    await h.chat.send('too fast');
    expect(h.chat.notice).toBe('rate-limited');
    expect(h.transcript().at(-1)).toBe('user: too fast');
  });

  it('restores the conversation after a reload without starting a new session', async () => {
    const first = start(claimAgent);
    first.chat.setVisible(true);
    await until(() => expect(first.chat.status).toBe('active'));
    await first.chat.send('123456');
    first.disconnect();

    const second = start(claimAgent, { server: first.server, storage: first.storage });
    await until(() => expect(second.chat.status).toBe('active'));
    expect(second.transcript()).toEqual(first.transcript());
    expect(second.chat.wasOpen).toBe(true);
    expect(first.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sessions'))).toHaveLength(1);
    expect(second.events.find((e) => e.name === 'parley-session-start')?.detail).toMatchObject({ restored: true });
  });

  it("sends the page's visitor claim, and never restores a conversation stored for another visitor", async () => {
    const ada = { id: 'u_ada', signature: 'ab'.repeat(32) };
    const first = start(claimAgent);
    first.chat.configure({ server: FAKE_ORIGIN, agent: claimAgent.id, context: null, visitor: ada });
    first.chat.setVisible(true);
    await until(() => expect(first.chat.status).toBe('active'));
    await first.chat.send('123456');
    expect(first.server.requests.find((r) => r.path.endsWith('/sessions'))?.body).toEqual({ visitor: ada });
    first.disconnect();

    // Someone else signs in on this browser (a JWT whose sub differs): Ada's conversation stays hidden.
    const payload = btoa(JSON.stringify({ sub: 'u_bob', exp: 2_000_000_000 })).replace(/=+$/, '');
    const second = start(claimAgent, { server: first.server, storage: first.storage });
    second.chat.configure({ server: FAKE_ORIGIN, agent: claimAgent.id, context: null, visitor: { token: `e30.${payload}.sig` } });
    second.chat.setVisible(true);
    await until(() => expect(second.chat.status).toBe('active'));
    expect(second.transcript()).toHaveLength(1);
    const adaRun = [...first.server.runs.keys()][0];
    expect(first.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/sessions/${adaRun}`))).toEqual([]);
    expect(first.server.requests.filter((r) => r.path.endsWith('/sessions')).at(-1)?.body).toEqual({ visitor: { token: `e30.${payload}.sig` } });
  });

  it('starts a new session cleanly when the stored one has expired', async () => {
    const first = start(claimAgent);
    first.chat.setVisible(true);
    await until(() => expect(first.chat.status).toBe('active'));
    first.disconnect();
    first.server.expire([...first.server.runs.keys()][0] ?? 0);

    const second = start(claimAgent, { server: first.server, storage: first.storage });
    second.chat.setVisible(true);
    await until(() => expect(second.chat.status).toBe('active'));
    expect(second.transcript()).toHaveLength(1);
    expect(first.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sessions'))).toHaveLength(2);
    expect(second.chat.notice).toBeNull();
  });

  it('keeps the text when the session expires mid-conversation, and a retry continues in a new one', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    h.server.expire([...h.server.runs.keys()][0] ?? 0);

    await h.chat.send('still there?');
    expect(h.transcript().slice(-2)).toEqual(['user: still there?', '(expired)']);
    const failed = h.chat.log.entries.find((e) => isMessage(e) && e.state === 'failed');

    await h.chat.retry(failed?.key ?? '');
    expect(h.transcript()).toEqual(['agent: Say something.', 'user: still there?', 'agent: still there?']);
  });

  it('adds operator messages pushed after a transfer once, with a note, and counts them unread while hidden', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    h.chat.setVisible(false);
    const runId = [...h.server.runs.keys()][0] ?? 0;
    await until(() => expect(h.server.runs.get(runId)?.listeners.size).toBe(1));

    h.server.push(runId, { type: 'transferred', destination: 'human' });
    const message = { index: 1, role: 'assistant' as const, author: 'operator' as const, content: 'Hi, this is Dana.', timestamp: new Date().toISOString() };
    h.server.push(runId, { type: 'message', message });
    h.server.push(runId, { type: 'message', message });
    await until(() => expect(h.transcript().slice(1)).toEqual(['(transferred)', 'operator: Hi, this is Dana.']));
    expect(h.chat.status).toBe('transferred');
    expect(h.chat.unread).toBe(1);

    h.chat.setVisible(true);
    expect(h.chat.unread).toBe(0);
  });

  it('collects keypad digits for a gather prompt and answers on the terminator', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    const runId = [...h.server.runs.keys()][0] ?? 0;
    await until(() => expect(h.server.runs.get(runId)?.listeners.size).toBe(1));

    h.server.push(runId, { type: 'gather', gather_id: 'g1', prompt: 'Enter your PIN', max_digits: 6, terminator: '#', timeout_seconds: 30 });
    await until(() => expect(h.chat.keypad.prompt?.prompt).toBe('Enter your PIN'));
    for (const key of ['1', '2', '9', 'back', '3', 'x']) h.chat.keypad.press(key);
    expect(h.chat.keypad.prompt?.digits).toBe('123');
    h.chat.keypad.press('#');
    await until(() => expect(h.chat.keypad.prompt).toBeNull());
    expect(h.server.runs.get(runId)?.gathered).toEqual(['123']);
  });

  it('sends thumbs feedback and takes it back when the server refuses', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    await h.chat.send('rate me');
    const reply = h.chat.log.entries.at(-1);
    const key = reply && isMessage(reply) ? reply.key : '';

    await h.chat.rate(key, 'up');
    expect(h.server.runs.get([...h.server.runs.keys()][0] ?? 0)?.feedback).toEqual([{ index: 2, rating: 'up' }]);
    h.server.failNext('POST', /\/feedback$/, 500, 'internal_error');
    await h.chat.rate(key, 'down');
    expect(reply && isMessage(reply) ? reply.rating : null).toBe('up');
  });

  it('restart ends the session on the server and starts a new one', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    await h.chat.send('first conversation');
    const firstRun = [...h.server.runs.keys()][0] ?? 0;

    await h.chat.reset();
    expect(h.server.runs.get(firstRun)?.status).toBe('ended');
    expect(h.transcript()).toEqual(['agent: Say something.']);
    expect(h.server.runs.size).toBe(2);
    expect(h.events.filter((e) => e.name === 'parley-session-start')).toHaveLength(2);
  });

  it('sends the visitor messages one after another, never two turns at once', async () => {
    const h = start(echoAgent);
    h.chat.setVisible(true);
    await Promise.all([h.chat.send('a'), h.chat.send('b'), h.chat.send('c')]);
    expect(h.transcript().slice(1)).toEqual(['user: a', 'agent: a', 'user: b', 'agent: b', 'user: c', 'agent: c']);
  });

  it('reports a widget that is not available for this page', async () => {
    const h = start(echoAgent);
    h.server.failNext('POST', /\/sessions$/, 403, 'origin_not_allowed');
    h.chat.setVisible(true);
    await until(() => expect(h.chat.notice).toBe('unavailable'));
    expect(h.chat.status).toBe('none');
  });
});
