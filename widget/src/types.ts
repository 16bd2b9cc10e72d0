/**
 * The widget's own view of a conversation. Server shapes come from
 * `shared/api/text-chat-api.ts` as types only, so zod never reaches the bundle.
 */
import type { AssistantReply, ChatMessage, MessageKind, OperatorTypingEvent, PushedEvent, SessionStatus, WidgetConfig } from '../../shared/api/text-chat-api.ts';

export type { MessageKind, SessionStatus, WidgetConfig };

/** A message as the widget reads it: an agent's answer may cite sources. */
export type MessageView = ChatMessage & { sources?: Source[] };
export type ReplyView = AssistantReply & { sources?: Source[] };

/** What the events channel hands the controller: the stored events, and the operator's typing between them. */
export type WidgetEvent = Exclude<PushedEvent, { type: 'message' }> | { type: 'message'; message: MessageView } | OperatorTypingEvent;

/**
 * A passage an agent's answer drew on, numbered as the answer cites it (`[1]`). The widget
 * reads only what it shows; the server's citation also names the document and its base.
 */
export interface Source {
  index: number;
  title: string;
  /** Only http(s) addresses are kept: the link opens in a new tab. */
  url?: string;
  quote: string;
}

export type WidgetMode = 'bubble' | 'inline' | 'fullpage';

/** Where a message is in its life on this page. */
export type DeliveryState = 'sent' | 'sending' | 'failed' | 'streaming';

export interface UiMessage {
  /** Stable key for rendering; server messages use `m<index>`, local ones `l<n>`. */
  key: string;
  /** Index in the session's current branch, once the server knows the message. */
  index: number | null;
  role: 'assistant' | 'user';
  author: 'agent' | 'user' | 'operator';
  content: string;
  choices?: string[];
  rating?: 'up' | 'down';
  state: DeliveryState;
  /** When it was sent (ISO 8601): the server's time once it has it. */
  time: string;
  /** The agent's messages: answers are rated, retries and goodbyes are not. */
  kind?: MessageKind;
  /** An operator's display name and avatar URL, when the console set them. */
  authorName?: string;
  authorAvatar?: string;
  /** The passages an agent's answer cites, shown as numbered references under it. */
  sources?: Source[];
  /** The visitor's messages: the `Idempotency-Key` of every send of this message. */
  sendKey?: string;
  /** It failed for want of a connection: sent again, once, when the server is back. */
  resend?: boolean;
}

/** A line the widget itself adds to the log (not a message of the session). */
export interface UiNote {
  key: string;
  note: 'transferred' | 'expired';
}

export type LogEntry = UiMessage | UiNote;

export interface GatherView {
  id: string;
  prompt: string;
  maxDigits: number;
  terminator: string;
  digits: string;
  submitting: boolean;
}

/** A banner under the log: transient trouble the visitor should know about. */
export type Notice = 'error' | 'rate-limited' | 'unavailable' | 'offline' | 'edit-refused' | null;

export interface StoredSession {
  runId: number;
  token: string;
  open: boolean;
  /** The visitor id the page claimed when the session was opened (verified visitors). */
  visitor?: string | undefined;
}

/** The subset of `Storage` the widget needs (localStorage, or a fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Detail of the DOM events the element dispatches, by event name. */
export interface ParleyEventDetails {
  'parley-open': { agent: string };
  'parley-close': { agent: string };
  'parley-message': { agent: string; message: PublicMessage };
  'parley-session-start': { agent: string; runId: number; restored: boolean };
  'parley-session-end': { agent: string; runId: number; reason: string };
  'parley-error': { agent: string; code: string; message: string };
}

export type ParleyEventName = keyof ParleyEventDetails;

/** What a page sees of a message in `parley-message`. */
export interface PublicMessage {
  index: number | null;
  role: 'assistant' | 'user';
  author: 'agent' | 'user' | 'operator';
  content: string;
  choices?: string[];
}

export type Emit = <K extends ParleyEventName>(name: K, detail: Omit<ParleyEventDetails[K], 'agent'>) => void;

/** What a `ChatController` is given: its only ways to reach the outside. */
export interface ChatControllerOptions {
  fetch: FetchLike;
  storage: KeyValueStore | null;
  emit: Emit;
  /** Reconnect waits of the events channel and of a session start that found no server, in ms (tests pass zeros). */
  reconnectDelays?: readonly number[];
  /** Whether this page may use the agent, once known (the widget config answers first); refused pages start nothing. */
  allowed?: () => Promise<boolean>;
  /** Where the browser says it is back online (`window`); tests pass their own. */
  online?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
}

export interface ChatTarget {
  server: string;
  agent: string;
  context: Record<string, unknown> | null;
  /** Who the site's server says the visitor is (signed fields or a JWT), passed on unread. */
  visitor: Record<string, unknown> | null;
}
