/**
 * The entries shown in the transcript and how they change: the visitor's messages
 * (sending, sent, failed), the agent's reply growing while it streams, messages pushed
 * by the server, and the widget's own notes. Pure state, no I/O.
 */
import type { LogEntry, MessageView, PublicMessage, ReplyView, UiMessage, UiNote } from './types.ts';

export const isMessage = (entry: LogEntry): entry is UiMessage => 'role' in entry;

export function toPublic(message: UiMessage): PublicMessage {
  const { index, role, author, content, choices } = message;
  return choices ? { index, role, author, content, choices } : { index, role, author, content };
}

/** How long apart two messages of one speaker may be and still share a name and a time. */
const GROUP_MS = 5 * 60_000;

/** Whether `b` continues the group of `a`: one speaker, within a few minutes. */
export function sameGroup(a: LogEntry | undefined, b: LogEntry | undefined): boolean {
  if (!a || !b || !isMessage(a) || !isMessage(b) || a.author !== b.author || a.authorName !== b.authorName) return false;
  // A missing time (an older server) does not split a group.
  return !(Math.abs(Date.parse(b.time) - Date.parse(a.time)) >= GROUP_MS);
}

export class ConversationLog {
  entries: LogEntry[] = [];
  private seq = 0;

  /**
   * Replaces the entries with a session's messages; unsent visitor messages stay, last.
   * A conversation with a person gets its note where the hand-over happened: after the
   * agent's last message, before the person's and the visitor's messages to them.
   */
  load(messages: readonly MessageView[], transferred = false): UiMessage[] {
    const unsent = this.entries.filter((e) => isMessage(e) && e.role === 'user' && e.index === null);
    const loaded = messages.map(fromServer);
    const entries: LogEntry[] = [...loaded];
    if (transferred) {
      let handOver = loaded.length;
      while (handOver > 0 && loaded[handOver - 1]?.author !== 'agent') handOver--;
      entries.splice(handOver, 0, { key: this.key(), note: 'transferred' });
    }
    this.entries = [...entries, ...unsent];
    return loaded;
  }

  clear(): void {
    this.entries = [];
  }

  addUser(content: string): UiMessage {
    return this.push({ key: this.key(), index: null, role: 'user', author: 'user', content, state: 'sending', time: new Date().toISOString(), sendKey: randomKey() });
  }

  /** A pushed message, unless the transcript has it already (a turn's reply may come both ways). */
  addPushed(message: MessageView): UiMessage | null {
    return this.entries.some((e) => isMessage(e) && e.index === message.index) ? null : this.push(fromServer(message));
  }

  addNote(note: UiNote['note']): void {
    this.entries.push({ key: this.key(), note });
  }

  /** An empty agent reply, entered into the log by `grow` when the first delta arrives. */
  startReply(): UiMessage {
    return { key: this.key(), index: null, role: 'assistant', author: 'agent', content: '', state: 'streaming', time: new Date().toISOString() };
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
  finish(sent: UiMessage, reply: UiMessage, answer: ReplyView): void {
    sent.state = 'sent';
    if (answer.timestamp) sent.time = reply.time = answer.timestamp;
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
    if (answer.kind) reply.kind = answer.kind;
    if (answer.sources) reply.sources = answer.sources;
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

  /**
   * The turn failed: the partial reply goes, the visitor's message stays with a retry.
   * `resend`: it failed for want of a connection, and goes again once the server is back.
   */
  fail(sent: UiMessage, reply: UiMessage | null, resend = false): void {
    if (reply) this.remove(reply);
    if (!this.entries.includes(sent)) return;
    sent.state = 'failed';
    sent.resend = resend;
  }

  /** A failed message to send again, moved to the end of the transcript. */
  takeFailed(key: string): UiMessage | null {
    const message = this.find(key);
    if (!message || message.state !== 'failed') return null;
    this.remove(message);
    message.state = 'sending';
    message.resend = false;
    return this.push(message);
  }

  /** The messages to send again now that the server is back, in the order they were written. */
  get toResend(): UiMessage[] {
    return this.entries.filter((e): e is UiMessage => isMessage(e) && e.state === 'failed' && e.resend === true);
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

  /** The agent's latest message, offered for feedback when it is an answer (not a retry, a goodbye or an apology). */
  get latestReply(): UiMessage | null {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry && isMessage(entry) && entry.role === 'assistant') return entry.author === 'agent' && entry.state === 'sent' && entry.index && (entry.kind ?? 'answer') === 'answer' ? entry : null;
    }
    return null;
  }

  /**
   * The quick replies to offer: those of the agent's last message, when nothing came
   * after it but the visitor's messages that failed to send (the choices stay usable).
   */
  get choices(): string[] {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry || !isMessage(entry)) return [];
      if (entry.role === 'assistant') return entry.state === 'sent' ? (entry.choices ?? []) : [];
      if (entry.state !== 'failed') return [];
    }
    return [];
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

function fromServer(message: MessageView): UiMessage {
  const ui: UiMessage = { key: `m${message.index}`, index: message.index, role: message.role, author: message.author, content: message.content, state: 'sent', time: message.timestamp };
  if (message.choices?.length) ui.choices = message.choices;
  if (message.feedback) ui.rating = message.feedback.rating;
  if (message.kind) ui.kind = message.kind;
  if (message.author_name) ui.authorName = message.author_name;
  if (message.author_avatar) ui.authorAvatar = message.author_avatar;
  if (message.sources) ui.sources = message.sources;
  return ui;
}

/**
 * A fresh idempotency key (128 random bits, hex). `crypto.randomUUID` exists only on
 * https pages; `getRandomValues` everywhere.
 */
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
