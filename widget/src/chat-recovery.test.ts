/**
 * The conversation getting back on its feet: a server that went away and came back, an
 * answer lost on the way, the browser back online, and a page the agent refuses.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useHarnesses, type Harness } from '../testing/controller-harness.ts';
import { claimAgent, echoAgent } from '../testing/fake-chat-server.ts';
import { isMessage } from './conversation-log.ts';

const { start, active, until } = useHarnesses();
afterEach(() => vi.restoreAllMocks());
const stored = (h: Harness) => [...h.server.runs.values()].flatMap((run) => run.messages.map((m) => `${m.author}: ${m.content}`));

describe('ChatController after trouble', () => {
  it('sends a message that failed while the server was down again once it is back: stored and answered once', async () => {
    const h = await active(echoAgent);
    h.server.setDown(true);
    await h.chat.send('are you back?');
    expect(h.chat.notice).toBe('offline');
    expect(h.transcript().at(-1)).toBe('user: are you back?');

    h.server.setDown(false);
    await until(() => expect(h.transcript().slice(1)).toEqual(['user: are you back?', 'agent: are you back?']));
    expect(h.chat.notice).toBeNull();
    expect(stored(h)).toEqual(['agent: Say something.', 'user: are you back?', 'agent: are you back?']);
  });

  it('never stores a message twice when its answer was lost on the way: the resend gets the first answer', async () => {
    const h = await active(echoAgent);
    h.server.loseNextAnswer();
    await h.chat.send('only once');
    await until(() => expect(h.transcript().slice(1)).toEqual(['user: only once', 'agent: only once']));
    expect(stored(h)).toEqual(['agent: Say something.', 'user: only once', 'agent: only once']);
    const sends = h.server.requests.filter((r) => r.path.endsWith('/messages'));
    expect(sends).toHaveLength(2);
  });

  it('starts the conversation once the server answers, when it was down at the start', async () => {
    const h = start(echoAgent);
    h.server.setDown(true);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.notice).toBe('offline'));
    h.server.setDown(false);
    await until(() => expect(h.chat.status).toBe('active'));
    expect(h.chat.notice).toBeNull();
    expect(h.transcript()).toEqual(['agent: Say something.']);
  });

  it("tries again at once when the browser says it is back online, not after the wait", async () => {
    const online = new EventTarget();
    const h = await active(echoAgent, { online, reconnectDelays: [60_000] });
    h.server.setDown(true);
    await h.chat.send('hello?');
    h.server.setDown(false);
    online.dispatchEvent(new Event('online'));
    await until(() => expect(h.transcript().at(-1)).toBe('agent: hello?'));
    expect(h.chat.notice).toBeNull();
  });

  it('keeps the quick replies usable while a message has failed', async () => {
    const h = await active(claimAgent);
    await h.chat.send('123456');
    h.server.failNext('POST', /\/messages$/, 500, 'internal_error');
    await h.chat.send('Car accident');
    expect(h.transcript().at(-1)).toBe('user: Car accident');
    expect(h.chat.log.choices).toEqual(['Car accident', 'Water damage', 'Theft']);
  });

  it('leaves a message that failed for another reason to the Retry button', async () => {
    const h = await active(echoAgent);
    h.server.failNext('POST', /\/messages$/, 500, 'internal_error');
    await h.chat.send('broken');
    const failed = h.chat.log.entries.at(-1);
    expect(failed && isMessage(failed) ? failed.state : null).toBe('failed');
    expect(h.chat.log.toResend).toEqual([]);
    expect(h.chat.notice).toBe('error');
  });

  it('starts nothing on a page the agent refuses, says so, and tells the site owner why in the console', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const h = start(echoAgent);
    h.server.failNext('POST', /\/sessions$/, 403, 'origin_not_allowed');
    h.chat.setVisible(true);
    await until(() => expect(h.chat.refused).toBe(true));
    expect(h.chat.notice).toBe('unavailable');
    expect(errors.mock.calls[0]?.[0]).toMatch(/^Parley: the chat of agent_ec0ec0ec is not available on .*: Injected origin_not_allowed$/);
    await h.chat.send('anyone?');
    expect(h.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('asks nothing of the server when the widget config already refused the page', async () => {
    const h = start(echoAgent, { allowed: () => Promise.resolve(false) });
    h.chat.setVisible(true);
    await until(() => expect(h.chat.refused).toBe(true));
    expect(h.server.requests).toEqual([]);
  });
});
