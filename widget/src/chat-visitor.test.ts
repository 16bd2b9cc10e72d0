/**
 * What a visitor keeps and changes: a half-typed message across reloads, the transfer
 * note in its place, editing an earlier message, and feedback offered on answers only.
 */
import { describe, expect, it } from 'vitest';
import { useHarnesses, type Harness } from '../testing/controller-harness.ts';
import { echoAgent, type FakeAgent } from '../testing/fake-chat-server.ts';
import { isMessage } from './conversation-log.ts';

const { start, active, until } = useHarnesses();
const editableAgent: FakeAgent = { ...echoAgent, id: 'agent_ed17ed17', allow_edits: true };
const keyOf = (h: Harness, content: string) => h.chat.log.entries.find((e) => isMessage(e) && e.role === 'user' && e.content === content)?.key ?? '';

describe('ChatController for the visitor', () => {
  it('keeps a half-typed message across a reload, and forgets it once sent', async () => {
    const first = await active(echoAgent);
    first.chat.setDraft('I would like to ask abou');
    first.disconnect();
    const second = start(echoAgent, { server: first.server, storage: first.storage });
    expect(second.chat.draft).toBe('I would like to ask abou');
    second.chat.setDraft('');
    expect([...first.storage.data.keys()].some((k) => k.endsWith('|draft'))).toBe(false);
  });

  it('puts the "connected to a person" note back where the hand-over happened after a reload', async () => {
    const first = await active(echoAgent);
    await first.chat.send('I need a human');
    const runId = [...first.server.runs.keys()][0] ?? 0;
    await until(() => expect(first.server.runs.get(runId)?.listeners.size).toBe(1));
    first.server.push(runId, { type: 'transferred', destination: 'human' });
    first.server.push(runId, { type: 'message', message: { index: 3, role: 'assistant', author: 'operator', content: 'Dana here.', timestamp: new Date().toISOString() } });
    await until(() => expect(first.transcript().at(-1)).toBe('operator: Dana here.'));
    first.disconnect();

    const second = start(echoAgent, { server: first.server, storage: first.storage });
    await until(() => expect(second.chat.status).toBe('transferred'));
    const expected = ['agent: Say something.', 'user: I need a human', 'agent: I need a human', '(transferred)', 'operator: Dana here.'];
    expect(first.transcript()).toEqual(expected);
    expect(second.transcript()).toEqual(expected);
  });

  it('edits an earlier message: back to the answer before it, on from the new text', async () => {
    const h = await active(editableAgent);
    await h.chat.send('my date is 2026-13-01');
    await h.chat.send('and more');
    await h.chat.edit(keyOf(h, 'my date is 2026-13-01'), 'my date is 2026-12-01');
    expect(h.transcript()).toEqual(['agent: Say something.', 'user: my date is 2026-12-01', 'agent: my date is 2026-12-01']);
    const run = [...h.server.runs.values()][0];
    expect(run?.rewound.map((branch) => branch.map((m) => m.content))).toEqual([['my date is 2026-13-01', 'my date is 2026-13-01', 'and more', 'and more']]);
    expect(h.chat.notice).toBeNull();
  });

  it('refuses an edit cleanly where the agent does not allow it, changing nothing', async () => {
    const h = await active(echoAgent);
    await h.chat.send('typo');
    const before = h.transcript();
    await h.chat.edit(keyOf(h, 'typo'), 'fixed');
    expect(h.chat.notice).toBe('edit-refused');
    expect(h.transcript()).toEqual(before);
    expect(h.chat.busy).toBe(false);
  });

  it('offers feedback on answers, not on the greeting, a retry or a goodbye', async () => {
    const picky: FakeAgent = {
      ...echoAgent,
      id: 'agent_0cc0cc0c',
      reply: (content) => (content === 'bye' ? { content: 'Goodbye!', end: true } : content === '?' ? { content: 'Say again?', kind: 'retry' } : { content }),
    };
    const h = await active(picky);
    expect(h.chat.log.latestReply).toBeNull();
    await h.chat.send('hello');
    expect(h.chat.log.latestReply?.content).toBe('hello');
    await h.chat.send('?');
    expect(h.chat.log.latestReply).toBeNull();
    await h.chat.send('bye');
    expect(h.chat.log.latestReply).toBeNull();
  });
});
