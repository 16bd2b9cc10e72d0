/**
 * The conversation behind one `<parley-chat>`: session start and restore, sending
 * with streamed replies, retries and edits, the pushed-events channel (applied by
 * `pushed-events.ts`), and getting back on its feet after the connection dropped. It talks to the
 * server only through the injected `fetch`, and to its host only through
 * `requestUpdate()` and `emit`, so it runs in tests without a DOM.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, createApiClient, type ApiClient } from './api-client.ts';
import { DEFAULT_DELAYS } from './event-channel.ts';
import { ConversationLog, toPublic } from './conversation-log.ts';
import { KeypadController } from './keypad-controller.ts';
import { rateAnswer, type Rating } from './message-feedback.ts';
import { openSession, type OpenedSession } from './open-session.ts';
import { PushedEvents } from './pushed-events.ts';
import { connectionLost, describeError, logRefusal, noticeFor, refusal } from './problems.ts';
import { runTurn } from './run-turn.ts';
import { ServerWatch } from './server-watch.ts';
import { createSessionStore, type SessionStore } from './session-store.ts';
import { TypingState } from './typing-state.ts';
import type { ChatControllerOptions, ChatTarget, Emit, Notice, SessionStatus, UiMessage } from './types.ts';

export class ChatController implements ReactiveController {
  readonly log = new ConversationLog();
  status: 'none' | 'starting' | SessionStatus = 'none';
  /** A turn is on its way to the server. */
  busy = false;
  readonly keypad: KeypadController;
  /** The operator typing to the visitor, and the visitor's typing passed on to them. */
  readonly typing = new TypingState({
    send: () => (this.session && this.api ? this.api.typing(this.session.runId, this.session.token) : Promise.resolve()),
    changed: () => this.update(),
  });
  notice: Notice = null;
  /** This page may not use the agent (origin not allowed, widget off): nothing starts. */
  refused = false;
  unread = 0;
  /** Whether the panel was open when the stored session was last seen. */
  wasOpen = false;
  /** Whether the visitor closed the welcome teaser, read once per agent, not per render. */
  teaserDismissed = false;
  /** The visitor's half-typed message, kept across reloads. */
  draft = '';

  private target: ChatTarget | null = null;
  private api: ApiClient | null = null;
  private store: SessionStore | null = null;
  private session: { runId: number; token: string; visitor?: string | undefined } | null = null;
  private starting: Promise<boolean> | null = null;
  private epoch = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private visible = false;
  private readonly watch: ServerWatch;
  private readonly pushed: PushedEvents;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ChatControllerOptions,
  ) {
    host.addController(this);
    const online = options.online === undefined ? (typeof window === 'undefined' ? null : window) : options.online;
    this.watch = new ServerWatch({
      delays: options.reconnectDelays ?? DEFAULT_DELAYS,
      online,
      reachable: (signal) => this.reachable(signal),
      recovered: () => this.recovered(),
      wentOnline: () => this.pushed.wake(),
    });
    this.keypad = new KeypadController(host, {
      answer: (input) => (this.session && this.api ? this.api.gather(this.session.runId, this.session.token, input) : Promise.reject(new Error('No session'))),
      onError: (error) => this.problem(error),
    });
    this.pushed = new PushedEvents(
      {
        log: this.log,
        typing: this.typing,
        keypad: this.keypad,
        arrived: (message) => this.arrived(message),
        setStatus: (status, reason) => this.setStatus(status, reason),
        changed: () => this.update(),
        problem: (error) => this.problem(error, false),
        opened: () => this.recovered(),
      },
      options.reconnectDelays,
    );
  }

  hostConnected(): void {
    this.watch.connect();
    if (this.target && !this.api) this.configure(this.target);
  }

  hostDisconnected(): void {
    this.watch.disconnect();
    this.stop();
    this.api = null;
  }

  /** Whether the visitor is waiting for the agent (typing indicator). */
  get waiting(): boolean {
    return this.status === 'starting' || (this.busy && !this.log.streaming);
  }

  /** Points the controller at an agent; any earlier conversation is let go (not ended). */
  configure(target: ChatTarget): void {
    this.stop();
    this.target = target;
    this.api = createApiClient({ server: target.server, agent: target.agent, fetch: this.options.fetch });
    this.store = createSessionStore(this.options.storage, target.server, target.agent);
    this.clear();
    this.refused = false;
    const saved = this.store.load();
    this.wasOpen = saved?.open ?? false;
    this.teaserDismissed = this.store.teaserDismissed();
    this.draft = this.store.draft();
    if (saved || this.visible) void this.ensureSession();
    this.update();
  }

  /** The panel became visible or hidden: visible clears the badge and starts a session. */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (visible) this.unread = 0;
    if (this.session) this.store?.save({ ...this.session, open: visible });
    if (visible && this.api) void this.ensureSession();
    this.update();
  }

  dismissTeaser(): void {
    this.teaserDismissed = true;
    this.store?.dismissTeaser();
    this.update();
  }

  /** The text box changed: kept, so a reload does not lose it. */
  setDraft(text: string): void {
    this.draft = text;
    this.store?.saveDraft(text);
    if (text && this.status === 'transferred') this.typing.visitorTyped();
    this.update();
  }

  /** Sends the visitor's text; it stays in the log (failed, with retry) if sending fails. */
  send(text: string): Promise<void> {
    const content = text.trim();
    if (!content || this.refused) return Promise.resolve();
    const message = this.log.addUser(content);
    this.emit('parley-message', { message: toPublic(message) });
    this.update();
    return this.enqueue(message);
  }

  retry(key: string): Promise<void> {
    const message = this.log.takeFailed(key);
    if (!message) return Promise.resolve();
    this.update();
    return this.enqueue(message);
  }

  /**
   * Edits one of the visitor's earlier messages: the conversation goes back to the
   * agent's message before it and on from the new text (the server keeps the old branch).
   */
  edit(key: string, text: string): Promise<void> {
    const index = this.log.find(key)?.index;
    const content = text.trim();
    if (!index || !content) return Promise.resolve();
    this.queue = this.queue.then(() => this.rewrite(index, content));
    return this.queue;
  }

  rate(key: string, rating: Rating): Promise<void> {
    const { session, api } = this;
    if (!session || !api) return Promise.resolve();
    return rateAnswer(this.log.find(key), rating, {
      send: (index, given) => api.feedback(session.runId, session.token, index, given),
      changed: () => this.update(),
      failed: (error) => this.problem(error),
    });
  }

  /** Ends the current session (if any) and starts afresh. */
  async reset(): Promise<void> {
    const session = this.session;
    const ended = this.status === 'ended';
    this.stop();
    this.store?.clear();
    this.clear();
    this.update();
    if (session && !ended && this.api) {
      this.emit('parley-session-end', { runId: session.runId, reason: 'visitor-left' });
      await this.api.end(session.runId, session.token).catch((error: unknown) => this.problem(error, false));
    }
    if (this.visible) await this.ensureSession();
  }

  private ensureSession(): Promise<boolean> {
    if (this.session) return Promise.resolve(true);
    if (!this.starting) {
      const starting = this.start().finally(() => {
        if (this.starting === starting) this.starting = null;
      });
      this.starting = starting;
    }
    return this.starting;
  }

  private async start(): Promise<boolean> {
    const { api, store } = this;
    if (!api || !store || this.refused) return false;
    const { signal } = this.epoch;
    this.status = 'starting';
    this.update();
    try {
      // A page the agent refuses learns it from the widget config: it starts nothing.
      if (this.options.allowed && !(await this.options.allowed())) {
        if (!signal.aborted) this.refuse(null);
        return false;
      }
      const opened = await openSession(api, store, { context: this.target?.context ?? null, visitor: this.target?.visitor ?? null }, signal);
      return !signal.aborted && this.adopt(opened);
    } catch (error) {
      if (signal.aborted) return false;
      this.status = 'none';
      this.problem(error);
      return false;
    }
  }

  private adopt({ run, token, restored, visitor }: OpenedSession): boolean {
    this.session = { runId: run.workflow_run_id, token, visitor };
    this.status = run.status;
    const loaded = this.log.load(run.messages, run.status === 'transferred');
    this.store?.save({ ...this.session, open: this.visible });
    this.emit('parley-session-start', { runId: run.workflow_run_id, restored });
    if (!restored) for (const message of loaded) this.arrived(message);
    this.openChannel();
    this.update();
    return true;
  }

  private enqueue(message: UiMessage): Promise<void> {
    this.queue = this.queue.then(() => this.turn(message));
    return this.queue;
  }

  private async turn(message: UiMessage): Promise<void> {
    const { signal } = this.epoch;
    if (!this.log.includes(message) || !(await this.ensureSession()) || !this.session || !this.api) {
      // No session: the start found no server (sent again once it answers) or was refused.
      this.log.fail(message, null, this.watch.lost);
      return this.update();
    }
    this.busy = true;
    this.notice = null;
    this.update();
    try {
      const { answer, reply } = await runTurn({ api: this.api, ...this.session, log: this.log, changed: () => this.update(), signal }, message);
      if (!answer.relayed) this.arrived(reply);
      this.setStatus(answer.session_status, 'agent-hangup');
    } catch (error) {
      if (signal.aborted) return;
      this.problem(error);
      if (error instanceof ApiError && error.status === 404) this.forget();
    } finally {
      if (!signal.aborted) {
        this.busy = false;
        this.update();
      }
    }
  }

  /** Inside the queue: rewind to the message before the edited one, then send the new text. */
  private async rewrite(index: number, content: string): Promise<void> {
    const { session, api } = this;
    if (!session || !api) return;
    const { signal } = this.epoch;
    this.busy = true;
    this.notice = null;
    this.update();
    try {
      const run = await api.rewind(session.runId, session.token, index - 1);
      if (signal.aborted) return;
      this.status = run.status;
      this.log.load(run.messages);
    } catch (error) {
      if (signal.aborted) return;
      this.busy = false;
      // Not allowed here, or no longer (the conversation was handed over or ended): say so, change nothing.
      if (error instanceof ApiError && (error.status === 409 || error.code === 'edit_not_allowed')) this.notice = 'edit-refused';
      else this.problem(error);
      return this.update();
    }
    const message = this.log.addUser(content);
    this.emit('parley-message', { message: toPublic(message) });
    await this.turn(message);
  }

  private setStatus(status: SessionStatus, reason = 'api'): void {
    if (status === this.status || !this.session) return;
    this.status = status;
    if (status !== 'transferred') this.typing.stop();
    // The ended state has its own footer; a transfer is worth a line in the transcript.
    if (status === 'transferred') this.log.addNote('transferred');
    if (status === 'ended') {
      this.pushed.close();
      this.keypad.clear();
      // A reload after the end starts a new conversation.
      this.store?.clear();
      this.emit('parley-session-end', { runId: this.session.runId, reason });
    }
  }

  private openChannel(): void {
    const { session, api } = this;
    if (session && api && this.status !== 'ended') this.pushed.listen((lastEventId, signal) => api.events(session.runId, session.token, lastEventId, signal));
  }

  private arrived(message: UiMessage): void {
    if (!this.visible) this.unread++;
    this.emit('parley-message', { message: toPublic(message) });
  }

  /** The server no longer knows the session: the next send starts a new one. */
  private forget(): void {
    this.pushed.close();
    this.session = null;
    this.store?.clear();
    this.log.addNote('expired');
  }

  private problem(error: unknown, show = true): void {
    if (refusal(error)) return this.refuse(error);
    if (show) this.notice = noticeFor(error);
    if (connectionLost(error)) void this.watch.start(this.epoch.signal);
    this.emit('parley-error', describeError(error));
    this.update();
  }

  /** This page may not use the agent: stop, say so, and tell the site owner why (unless the config already did). */
  private refuse(error: unknown): void {
    if (error !== null && !this.refused && this.target) logRefusal(this.target.agent, error);
    this.refused = true;
    this.stop();
    this.status = 'none';
    this.busy = false;
    this.notice = 'unavailable';
    if (error !== null) this.emit('parley-error', describeError(error));
    this.update();
  }

  private async reachable(signal: AbortSignal): Promise<boolean> {
    const { session, api } = this;
    if (!session || !api) return this.ensureSession();
    try {
      await api.getSession(session.runId, session.token, signal);
      return true;
    } catch (error) {
      // Any answer but a missing one means the server is back (a 404 shows at the next send).
      return !connectionLost(error);
    }
  }

  /** The server answers again: clear the banner and send what failed for want of it, each once. */
  private recovered(): void {
    this.watch.stop();
    if (this.notice === 'offline') this.notice = null;
    for (const message of this.log.toResend) void this.retry(message.key);
    this.update();
  }

  private clear(): void {
    this.log.clear();
    this.status = 'none';
    this.busy = false;
    this.keypad.clear();
    this.notice = null;
    this.unread = 0;
  }

  private stop(): void {
    this.epoch.abort();
    this.epoch = new AbortController();
    this.pushed.close();
    this.session = null;
    this.starting = null;
    this.queue = Promise.resolve();
    this.watch.stop();
    this.typing.stop();
  }

  private emit: Emit = (name, detail) => this.options.emit(name, detail);

  private update(): void {
    this.host.requestUpdate();
  }
}
