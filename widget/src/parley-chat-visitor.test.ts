/**
 * `<parley-chat>` for what a visitor does beyond chatting: restart (asked first), edit an
 * earlier message, a draft that survives a reload, names and times per group.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/controller-harness.ts';
import { bubbles, mountChat, part, parts, typeAndSend, until } from '../testing/element-harness.ts';
import { createFakeChatServer, echoAgent, type FakeAgent } from '../testing/fake-chat-server.ts';

afterEach(() => {
  document.body.replaceChildren();
});

const editableAgent: FakeAgent = { ...echoAgent, id: 'agent_ed17ed17', allow_edits: true };
const key = (element: Element, name: string) => element.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true }));

describe('<parley-chat> for the visitor', () => {
  it('asks before the restart button ends the conversation; Cancel and Escape keep it', async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    typeAndSend(chat, 'keep me');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));

    part(chat, '[part~="restart-button"]').click();
    await until(chat, () => expect(part(chat, '[role="alertdialog"]').textContent).toContain('End this conversation and start a new one?'));
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, '[part~="cancel-button"]'));
    part(chat, '[part~="cancel-button"]').click();
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[role="alertdialog"]')).toBeNull());
    part(chat, '[part~="restart-button"]').click();
    await until(chat, () => expect(part(chat, '[role="alertdialog"]')).toBeTruthy());
    key(part(chat, '[part~="cancel-button"]'), 'Escape');
    await until(chat, () => expect(chat.shadowRoot?.querySelector('[role="alertdialog"]')).toBeNull());
    expect(bubbles(chat)).toHaveLength(3);

    part(chat, '[part~="restart-button"]').click();
    await until(chat, () => expect(part(chat, '[part~="confirm-button"]').textContent).toBe('Start new'));
    part(chat, '[part~="confirm-button"]').click();
    await until(chat, () => expect(server.runs.size).toBe(2));
    await until(chat, () => expect(bubbles(chat)).toEqual(['Assistant: Say something.']));
  });

  it('has no second banner landmark: the panel header is not a <header>', async () => {
    const chat = await mountChat(createFakeChatServer([echoAgent]), { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    expect(parts(chat, 'header, [role="banner"]')).toEqual([]);
    expect(part(chat, '[part~="header"]').localName).toBe('div');
  });

  it('edits an earlier message from its "Edit message" button, and Escape cancels an edit', async () => {
    const server = createFakeChatServer([editableAgent]);
    const chat = await mountChat(server, { agent: editableAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    typeAndSend(chat, 'party of 5');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));
    typeAndSend(chat, 'at 19:00');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(5));

    const edits = parts(chat, '[part~="edit-button"]');
    expect(edits.map((b) => b.getAttribute('aria-label'))).toEqual(['Edit message', 'Edit message']);
    edits[0]?.click();
    await until(chat, () => expect(part<HTMLTextAreaElement>(chat, 'textarea').value).toBe('party of 5'));
    expect(chat.shadowRoot?.activeElement).toBe(part(chat, 'textarea'));
    expect(part(chat, 'textarea').getAttribute('aria-label')).toBe('Editing your message');
    key(part(chat, 'textarea'), 'Escape');
    await until(chat, () => expect(part<HTMLTextAreaElement>(chat, 'textarea').value).toBe(''));
    expect(chat.shadowRoot?.querySelector('.editing')).toBeNull();

    parts(chat, '[part~="edit-button"]')[0]?.click();
    await until(chat, () => expect(part<HTMLTextAreaElement>(chat, 'textarea').value).toBe('party of 5'));
    typeAndSend(chat, 'party of 4');
    await until(chat, () => expect(bubbles(chat)).toEqual(['Assistant: Say something.', 'You: party of 4', 'Assistant: party of 4']));
  });

  it('shows no edit button where the agent does not allow edits', async () => {
    const chat = await mountChat(createFakeChatServer([echoAgent]), { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    typeAndSend(chat, 'hello');
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));
    expect(parts(chat, '[part~="edit-button"]')).toEqual([]);
  });

  it('keeps a half-typed message across a reload', async () => {
    const server = createFakeChatServer([echoAgent]);
    const storage = memoryStorage();
    const first = await mountChat(server, { agent: echoAgent.id, mode: 'inline' }, storage);
    await until(first, () => expect(bubbles(first)).toHaveLength(1));
    const input = part<HTMLTextAreaElement>(first, 'textarea');
    input.value = 'I wanted to ask whether';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    first.remove();

    const second = await mountChat(server, { agent: echoAgent.id, mode: 'inline' }, storage);
    await until(second, () => expect(part<HTMLTextAreaElement>(second, 'textarea').value).toBe('I wanted to ask whether'));
  });

  it("names each speaker's group once, with the operator's own name, and times the group's last message", async () => {
    const server = createFakeChatServer([echoAgent]);
    const chat = await mountChat(server, { agent: echoAgent.id, mode: 'inline' });
    await until(chat, () => expect(bubbles(chat)).toHaveLength(1));
    const runId = [...server.runs.keys()][0] ?? 0;
    await until(chat, () => expect(server.runs.get(runId)?.listeners.size).toBe(1));
    const at = new Date().toISOString();
    server.push(runId, { type: 'transferred', destination: 'human' });
    for (const [index, content] of [[1, 'Dana here.'], [2, 'How can I help?']] as const) {
      server.push(runId, { type: 'message', message: { index, role: 'assistant', author: 'operator', author_name: 'Dana', content, timestamp: at } });
    }
    await until(chat, () => expect(bubbles(chat)).toHaveLength(3));
    const operator = parts(chat, '[part~="message-operator"]');
    expect(operator.map((m) => m.querySelector('.author')?.textContent ?? null)).toEqual(['Dana', null]);
    expect(operator.map((m) => m.classList.contains('last'))).toEqual([false, true]);
    expect(operator[1]?.querySelector('time')?.getAttribute('datetime')).toBe(at);
    expect(bubbles(chat).at(-1)).toBe('Dana: How can I help?');
  });
});
