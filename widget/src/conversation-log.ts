/**
 * The entries shown in the transcript and how they change: the visitor's messages
 * (sending, sent, failed), the agent's reply growing while it streams, messages pushed
 * by the server, and the widget's own notes. Pure state, no I/O.
 */
import type { AssistantReply } from '../../shared/api/text-chat-api.ts';
import type { ChatMessage, LogEntry, PublicMessage, UiMessage, UiNote } from './types.ts';

export const isMessage = (entry: LogEntry): entry is UiMessage => 'role' in entry;

export function toPublic(message: UiMessage): PublicMessage {
  const { index, role, author, content, choices } = message;
  return choices ? { index, role, author, content, choices } : { index, role, author, content };
}

export class ConversationLog {
  entries: LogEntry[] = [];
  private seq = 0;

  /** Replaces the entries with a session's messages; unsent visitor messages stay, last. */
  load(messages: readonly ChatMessage[]): UiMessage[] {
    const unsent = this.entries.filter((e) => isMessage(e) && e.role === 'user' && e.index === null);
    const loaded = messages.map(fromServer);
    this.entries = [...loaded, ...unsent];
    return loaded;
  }

  clear(): void {
    this.entries = [];
  }

  addUser(content: string): UiMessage {
    return this.push({ key: this.key(), index: null, role: 'user', author: 'user', content, state: 'sending' });
  }

  /** A pushed message, unless the transcript has it already (a turn's reply may come both ways). */
  addPushed(message: ChatMessage): UiMessage | null {
    return this.entries.some((e) => isMessage(e) && e.index === message.index) ? null : this.push(fromServer(message));
  }

  addNote(note: UiNote['note']): void {
    this.entries.push({ key: this.key(), note });
  }

  /** An empty agent reply, entered into the log by `grow` when the first delta arrives. */
  startReply(): UiMessage {
    return { key: this.key(), index: null, role: 'assistant', author: 'agent', content: '', state: 'streaming' };
  }

  grow(sent: UiMessage, reply: UiMessage, text: string): void {
    // The first delta proves the message arrived.
    sent.state = 'sent';
    this.placeAfter(sent, reply);
    reply.content += text;
  }

  /**
   * The turn succeeded: the visitor's message is sent and the reply final, right after
   * it. A message relayed to a human operator has no reply (it comes as a pushed event).
   */
  finish(sent: UiMessage, reply: UiMessage, answer: AssistantReply): void {
    sent.state = 'sent';
    if (answer.relayed) {
      sent.index = answer.index;
      this.remove(reply);
      return;
    }
    sent.index = answer.index - 1;
    reply.index = answer.index;
    reply.content = answer.content;
    reply.state = 'sent';
    if (answer.choices?.length) reply.choices = answer.choices;
    // The events channel may have delivered the same message first.
    this.entries = this.entries.filter((e) => e === reply || !(isMessage(e) && e.index === answer.index));
    this.placeAfter(sent, reply);
  }

  /**
   * Keeps each reply right after the message it answers, as the server's transcript
   * has it, even when the visitor sent more while it was on its way.
   */
  private placeAfter(sent: UiMessage, reply: UiMessage): void {
    if (this.entries.includes(reply)) return;
    const at = this.entries.indexOf(sent);
    this.entries.splice(at < 0 ? this.entries.length : at + 1, 0, reply);
  }

  /** The turn failed: the partial reply goes, the visitor's message stays with a retry. */
  fail(sent: UiMessage, reply: UiMessage | null): void {
    if (reply) this.remove(reply);
    if (this.entries.includes(sent)) sent.state = 'failed';
  }

  /** A failed message to send again, moved to the end of the transcript. */
  takeFailed(key: string): UiMessage | null {
    const message = this.find(key);
    if (!message || message.state !== 'failed') return null;
    this.remove(message);
    message.state = 'sending';
    return this.push(message);
  }

  find(key: string): UiMessage | null {
    return this.entries.find((e): e is UiMessage => isMessage(e) && e.key === key) ?? null;
  }

  includes(entry: LogEntry): boolean {
    return this.entries.includes(entry);
  }

  get streaming(): boolean {
    return this.entries.some((e) => isMessage(e) && e.state === 'streaming');
  }

  /** The agent's latest message, the one offered for feedback. */
  get latestReply(): UiMessage | null {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry && isMessage(entry) && entry.role === 'assistant') return entry.author === 'agent' && entry.state === 'sent' ? entry : null;
    }
    return null;
  }

  /** The quick replies to offer: those of the last entry, when it is the agent's. */
  get choices(): string[] {
    const last = this.entries[this.entries.length - 1];
    return last && isMessage(last) && last.role === 'assistant' && last.state === 'sent' ? (last.choices ?? []) : [];
  }

  private push(message: UiMessage): UiMessage {
    this.entries.push(message);
    return message;
  }

  private remove(entry: LogEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  private key(): string {
    return `l${++this.seq}`;
  }
}

function fromServer(message: ChatMessage): UiMessage {
  const ui: UiMessage = { key: `m${message.index}`, index: message.index, role: message.role, author: message.author, content: message.content, state: 'sent' };
  if (message.choices?.length) ui.choices = message.choices;
  if (message.feedback) ui.rating = message.feedback.rating;
  return ui;
}
