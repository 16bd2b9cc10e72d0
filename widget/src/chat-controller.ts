/**
 * The conversation behind one `<parley-chat>`: session start and restore, sending
 * with streamed replies, retries, feedback, the pushed-events channel and keypad
 * prompts. It talks to the server only through the injected `fetch`, and to its host
 * only through `requestUpdate()` and `emit`, so it runs in tests without a DOM.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PushedEvent } from '../../shared/api/text-chat-api.ts';
import { ApiError, createApiClient, type ApiClient } from './api-client.ts';
import { openEventChannel, type EventChannel } from './event-channel.ts';
import { ConversationLog, toPublic } from './conversation-log.ts';
import { KeypadController } from './keypad-controller.ts';
import { openSession, type OpenedSession } from './open-session.ts';
import { describeError, noticeFor } from './problems.ts';
import { runTurn } from './run-turn.ts';
import { createSessionStore, type SessionStore } from './session-store.ts';
import type { ChatControllerOptions, ChatTarget, Emit, Notice, SessionStatus, UiMessage } from './types.ts';

export class ChatController implements ReactiveController {
  readonly log = new ConversationLog();
  status: 'none' | 'starting' | SessionStatus = 'none';
  /** A turn is on its way to the server. */
  busy = false;
  readonly keypad: KeypadController;
  notice: Notice = null;
  unread = 0;
  /** Whether the panel was open when the stored session was last seen. */
  wasOpen = false;
  /** Whether the visitor closed the welcome teaser, read once per agent, not per render. */
  teaserDismissed = false;

  private target: ChatTarget | null = null;
  private api: ApiClient | null = null;
  private store: SessionStore | null = null;
  private session: { runId: number; token: string } | null = null;
  private starting: Promise<boolean> | null = null;
  private channel: EventChannel | null = null;
  private epoch = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private visible = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ChatControllerOptions,
  ) {
    host.addController(this);
    this.keypad = new KeypadController(host, {
      answer: (input) => (this.session && this.api ? this.api.gather(this.session.runId, this.session.token, input) : Promise.reject(new Error('No session'))),
      onError: (error) => this.problem(error),
    });
  }

  hostConnected(): void {
    if (this.target && !this.api) this.configure(this.target);
  }

  hostDisconnected(): void {
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
    const saved = this.store.load();
    this.wasOpen = saved?.open ?? false;
    this.teaserDismissed = this.store.teaserDismissed();
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

  /** Sends the visitor's text; it stays in the log (failed, with retry) if sending fails. */
  send(text: string): Promise<void> {
    const content = text.trim();
    if (!content) return Promise.resolve();
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

  async rate(key: string, rating: 'up' | 'down'): Promise<void> {
    const message = this.log.find(key);
    const session = this.session;
    if (!message || message.index === null || message.rating === rating || !session || !this.api) return;
    const before = message.rating;
    message.rating = rating;
    this.update();
    try {
      await this.api.feedback(session.runId, session.token, message.index, rating);
    } catch (error) {
      if (before) message.rating = before;
      else delete message.rating;
      this.problem(error);
    }
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
    if (!api || !store) return false;
    const { signal } = this.epoch;
    this.status = 'starting';
    this.update();
    try {
      const opened = await openSession(api, store, this.target?.context ?? null, signal);
      return !signal.aborted && this.adopt(opened);
    } catch (error) {
      if (signal.aborted) return false;
      this.status = 'none';
      this.problem(error);
      return false;
    }
  }

  private adopt({ run, token, restored }: OpenedSession): boolean {
    this.session = { runId: run.workflow_run_id, token };
    this.status = run.status;
    const loaded = this.log.load(run.messages);
    if (run.status === 'transferred') this.log.addNote('transferred');
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
      this.log.fail(message, null);
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

  private onPushed(event: PushedEvent): void {
    switch (event.type) {
      case 'message': {
        const message = this.log.addPushed(event.message);
        if (message) this.arrived(message);
        break;
      }
      case 'gather':
      case 'gather_end':
        this.keypad.onEvent(event);
        break;
      case 'transferred':
        this.setStatus('transferred');
        break;
      case 'ended':
        this.setStatus('ended', event.reason);
        break;
    }
    this.update();
  }

  private setStatus(status: SessionStatus, reason = 'api'): void {
    if (status === this.status || !this.session) return;
    this.status = status;
    // The ended state has its own footer; a transfer is worth a line in the transcript.
    if (status === 'transferred') this.log.addNote('transferred');
    if (status === 'ended') {
      this.channel?.close();
      this.keypad.clear();
      // A reload after the end starts a new conversation.
      this.store?.clear();
      this.emit('parley-session-end', { runId: this.session.runId, reason });
    }
  }

  private openChannel(): void {
    const session = this.session;
    const api = this.api;
    if (!session || !api || this.status === 'ended') return;
    this.channel?.close();
    this.channel = openEventChannel({
      open: (lastEventId, signal) => api.events(session.runId, session.token, lastEventId, signal),
      onEvent: (event) => this.onPushed(event),
      onProblem: (error) => this.problem(error, false),
      ...(this.options.reconnectDelays ? { delays: this.options.reconnectDelays } : {}),
    });
  }

  private arrived(message: UiMessage): void {
    if (!this.visible) this.unread++;
    this.emit('parley-message', { message: toPublic(message) });
  }

  /** The server no longer knows the session: the next send starts a new one. */
  private forget(): void {
    this.channel?.close();
    this.session = null;
    this.store?.clear();
    this.log.addNote('expired');
  }

  private problem(error: unknown, show = true): void {
    if (show) this.notice = noticeFor(error);
    this.emit('parley-error', describeError(error));
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
    this.channel?.close();
    this.channel = null;
    this.session = null;
    this.starting = null;
    this.queue = Promise.resolve();
  }

  private emit: Emit = (name, detail) => this.options.emit(name, detail);

  private update(): void {
    this.host.requestUpdate();
  }
}
