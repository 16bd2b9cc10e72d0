/**
 * `<parley-chat>` while a person has the conversation, and the sources of an agent's
 * answers: the operator's typing (shown and said once, with their name), their name and
 * initials on their messages, the visitor's typing passed on sparingly, and numbered
 * references under an answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/controller-harness.ts';
import { bubbles, mountChat, part, parts, typeAndSend, until } from '../testing/element-harness.ts';
import { createFakeChatServer, echoAgent, type FakeAgent } from '../testing/fake-chat-server.ts';
import type { ParleyChat } from './parley-chat.ts';

afterEach(() => {
  document.body.replaceChildren();
});

const status = (chat: ParleyChat) => part(chat, '[role="status"]').textContent?.trim();

async function withOperator() {
  const server = createFakeChatServer([echoAgent]);
  const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
  await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
  const runId = [...server.runs.keys()][0] ?? 0;
  server.push(runId, { type: 'transferred', destination: 'human' });
  await until(chat, () => expect(part(chat, '.note').textContent).toBe('You are now connected to a person.'));
  return { server, chat, runId };
}

describe('<parley-chat> with an operator', () => {
  it('says "<name> is typing…" while the operator writes, then shows their reply under their name and initials', async () => {
    const { server, chat, runId } = await withOperator();

    server.operatorTyping(runId, 'Rosa Diaz');
    await until(chat, () => expect(status(chat)).toBe('Rosa Diaz is typing…'));
    // Seen as the operator's face and name over the dots; hidden from screen readers, who hear the status once.
    const typing = part(chat, '.msg.operator [part~="typing"]').closest('.msg');
    expect(typing?.getAttribute('aria-hidden')).toBe('true');
    expect(typing?.querySelector('.author')?.textContent).toBe('Rosa Diaz');
    expect(typing?.querySelector('.face')?.getAttribute('data-initials')).toBe('RD');
    // Further signals while she writes change nothing the status region would announce again.
    server.operatorTyping(runId, 'Rosa Diaz');
    await until(chat, () => expect(status(chat)).toBe('Rosa Diaz is typing…'));

    server.push(runId, { type: 'message', message: { index: 1, role: 'assistant', author: 'operator', author_name: 'Rosa Diaz', content: 'Hi, Rosa here.', timestamp: new Date().toISOString() } });
    await until(chat, () => expect(bubbles(chat).at(-1)).toBe('Rosa Diaz: Hi, Rosa here.'));
    expect(status(chat)).toBe('');
    expect(parts(chat, '[part~="typing"]')).toEqual([]);
    expect(part(chat, '.msg.operator .author').textContent).toBe('Rosa Diaz');
    expect(part(chat, '.msg.operator .face').getAttribute('data-initials')).toBe('RD');
  });

  it('names an operator without a display name "Support agent"', async () => {
    const { server, chat, runId } = await withOperator();
    server.operatorTyping(runId, '');
    await until(chat, () => expect(status(chat)).toBe('Support agent is typing…'));
  });

  it("tells the operator the visitor is typing, once for a burst of keystrokes, and only while a person has the conversation", async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    const input = part<HTMLTextAreaElement>(chat, 'textarea');
    const type = (text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const typingCalls = () => server.requests.filter((r) => r.path.endsWith('/typing'));

    type('with the agent');
    expect(typingCalls()).toEqual([]);

    server.push([...server.runs.keys()][0] ?? 0, { type: 'transferred', destination: 'human' });
    await until(chat, () => expect(parts(chat, '.note')).toHaveLength(1));
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) type(text);
    await until(chat, () => expect(typingCalls()).toHaveLength(1));
    expect(typingCalls()[0]).toMatchObject({ method: 'POST' });
    expect(typingCalls()[0]?.token).toMatch(/^tok_/);
  });
});

const citingAgent: FakeAgent = {
  ...echoAgent,
  id: 'agent_c17ec17e',
  reply: () => ({
    content: 'Flood cover is an add-on [1], and the excess is 250 EUR [2].',
    sources: [
      { index: 1, title: 'Home policy terms', url: 'https://docs.example/home#flood', quote: 'Flood damage is covered only with the flood add-on.', document_id: 'doc_1', knowledge_base_id: 'kb_1' },
      { index: 2, title: 'Excess table', url: null, quote: 'The standard excess is 250 EUR.', document_id: 'doc_2', knowledge_base_id: 'kb_1' },
      // A link that is not http(s) is never made one.
      { index: 3, title: 'Odd', url: 'javascript:alert(1)', quote: 'x', document_id: 'doc_3', knowledge_base_id: 'kb_1' },
    ],
  }),
};

describe('<parley-chat> sources', () => {
  it('lists the sources an answer cites under it, numbered, each opening to its quote and a link when it has one', async () => {
    const chat = await mountChat(createFakeChatServer([citingAgent]), { agent: citingAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    expect(parts(chat, '.sources')).toEqual([]);
    typeAndSend(chat, 'Is a flood covered?');
    await until(chat, () => expect(parts(chat, '.sources li')).toHaveLength(3));

    const list = part(chat, '.msg.agent.sent .sources');
    expect(list.localName).toBe('ol');
    expect(list.getAttribute('aria-label')).toBe('Sources');
    expect(parts(chat, '.sources summary').map((s) => s.textContent?.trim())).toEqual(['[1] Home policy terms', '[2] Excess table', '[3] Odd']);
    expect(parts(chat, '.sources q').map((q) => q.textContent)).toEqual(['Flood damage is covered only with the flood add-on.', 'The standard excess is 250 EUR.', 'x']);
    const links = parts<HTMLAnchorElement>(chat, '.sources a');
    expect(links.map((a) => [a.getAttribute('href'), a.textContent, a.target, a.rel])).toEqual([['https://docs.example/home#flood', 'docs.example', '_blank', 'noopener noreferrer']]);
  });

  it('keeps the sources of a reloaded conversation', async () => {
    const server = createFakeChatServer([citingAgent]);
    const storage = memoryStorage();
    const chat = await mountChat(server, { agent: citingAgent.id, mode: 'inline' }, storage);
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    typeAndSend(chat, 'Is a flood covered?');
    await until(chat, () => expect(parts(chat, '.sources li')).toHaveLength(3));
    chat.remove();

    const again = await mountChat(server, { agent: citingAgent.id, mode: 'inline' }, storage);
    await until(again, () => expect(parts(again, '.sources summary').map((s) => s.textContent?.trim())).toEqual(['[1] Home policy terms', '[2] Excess table', '[3] Odd']));
  });
});
