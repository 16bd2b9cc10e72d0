/**
 * `<parley-chat>`: the chat widget. It only renders and routes input; the
 * conversation lives in its `ChatController`.
 *
 * @example
 * <parley-chat agent="agent_1a2b3c4d" mode="inline" lang="de"></parley-chat>
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ChatController } from './chat-controller.ts';
import { parseContext } from './context-attribute.ts';
import { sameGroup } from './conversation-log.ts';
import { FocusKeeper } from './focus-keeper.ts';
import { trapFocus } from './focus-trap.ts';
import { directionOf, pickLanguage, stringsFor, type Strings } from './i18n.ts';
import { icon } from './icons.ts';
import { instances } from './registry.ts';
import { defaultServer } from './script-origin.ts';
import { defaultStorage } from './session-store.ts';
import { controlStyles } from './styles/control-styles.ts';
import { frameStyles } from './styles/frame-styles.ts';
import { messageStyles } from './styles/message-styles.ts';
import { controlsView, noticeText } from './templates/controls-view.ts';
import { entryView, type EntryContext } from './templates/message-view.ts';
import { typingText, typingView, type Typing } from './templates/typing-view.ts';
import { launcherView } from './templates/launcher-view.ts';
import { agentTheme } from './theme.ts';
import type { Emit, FetchLike, KeyValueStore, Notice, ParleyEventName, WidgetMode } from './types.ts';
import { ViewportController } from './viewport-controller.ts';
import { WidgetConfigController } from './widget-config-controller.ts';

const MODES: readonly WidgetMode[] = ['bubble', 'inline', 'fullpage'];
const PHONE = '(max-width: 479.98px)';
/** Longest the closing animation may take before the panel goes anyway. */
const CLOSING_MS = 400;

export class ParleyChat extends LitElement {
  static override styles = [frameStyles, messageStyles, controlStyles];
  static override properties = {
    agent: { type: String },
    server: { type: String },
    mode: { type: String, reflect: true },
    lang: { type: String },
    title: { type: String },
    opened: { type: Boolean, attribute: 'open', reflect: true },
    context: { type: String },
    visitor: { type: String },
    editing: { state: true },
    confirming: { state: true },
    closing: { state: true },
  };

  declare agent: string;
  declare server: string | undefined;
  declare mode: string;
  declare opened: boolean;
  declare context: string | undefined;
  /** JSON: who the site's server says the visitor is, signed (see the README, "Verified visitors"). */
  declare visitor: string | undefined;
  /** The visitor's message being edited, and the text box's text for it. */
  declare editing: { key: string; text: string } | null;
  /** The restart button asks before it ends the conversation. */
  declare confirming: boolean;
  /** The panel is animating out. */
  declare closing: boolean;

  /** The `fetch` the widget uses; tests and hosts may replace it before connecting. */
  fetcher: FetchLike = (input, init) => fetch(input, init);
  storage: KeyValueStore | null = defaultStorage();

  private readonly chat: ChatController;
  private readonly settings: WidgetConfigController;
  private stickToBottom = true;
  private readonly focusKeeper = new FocusKeeper(this);

  constructor() {
    super();
    this.agent = '';
    this.mode = 'bubble';
    this.opened = false;
    this.editing = null;
    this.confirming = false;
    this.closing = false;
    const element = this;
    const fetcher: FetchLike = (input, init) => this.fetcher(input, init);
    const emit: Emit = (name, detail) => this.emit(name, { ...detail, agent: this.agent });
    this.settings = new WidgetConfigController(this, { fetch: fetcher, emit });
    this.chat = new ChatController(this, {
      fetch: fetcher,
      get storage() {
        return element.storage;
      },
      emit,
      allowed: () => this.settings.allowed,
    });
    new ViewportController(this, () => this.scrollToEnd());
  }

  /** Opens the panel (bubble mode) and moves focus into it. */
  open(): void {
    if (!this.opened) this.focusKeeper.request('input');
    this.closing = false;
    this.opened = true;
  }

  close(): void {
    if (this.opened && this.focusKeeper.focused()) this.focusKeeper.request('launcher');
    // The panel leaves as it came, unless the visitor asked for less motion.
    if (this.opened && this.floating && !matches('(prefers-reduced-motion: reduce)')) {
      this.closing = true;
      setTimeout(() => (this.closing = false), CLOSING_MS);
    }
    this.opened = false;
  }

  toggle(): void {
    if (this.opened) this.close();
    else this.open();
  }

  /** Sends a message as if the visitor typed it. */
  send(text: string): Promise<void> {
    return this.chat.send(text);
  }

  /** Ends the conversation and starts a new one. */
  reset(): Promise<void> {
    return this.chat.reset();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    instances.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    instances.delete(this);
  }

  private get floating(): boolean {
    return this.widgetMode === 'bubble';
  }

  private get widgetMode(): WidgetMode {
    return MODES.find((m) => m === this.mode) ?? 'bubble';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.focusKeeper.beforeRender();
    this.chat.setVisible(!this.floating || this.opened);
    if (!this.agent || !(changed.has('agent') || changed.has('server') || changed.has('context') || changed.has('visitor'))) return;
    const server = this.server || defaultServer();
    this.settings.load({ server, agent: this.agent });
    this.chat.configure({ server, agent: this.agent, context: this.parseJson('context'), visitor: this.parseJson('visitor') });
    this.editing = null;
    if (this.chat.wasOpen && this.floating && !this.opened) {
      this.opened = true;
      this.chat.setVisible(true);
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('opened') && (changed.get('opened') !== undefined || this.opened)) {
      this.emit(this.opened ? 'parley-open' : 'parley-close', { agent: this.agent });
    }
    if (this.stickToBottom) this.scrollToEnd();
    this.focusKeeper.afterRender(this.opened || !this.floating ? 'input' : 'launcher');
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.agent) return nothing;
    const lang = pickLanguage(this.lang, this.settings.config?.language, document.documentElement.lang);
    const s = stringsFor(lang);
    const mode = this.widgetMode;
    const showPanel = !this.floating || this.opened || this.closing;
    // title="" keeps the host's own `title` attribute from showing as a tooltip everywhere.
    return html`<div class="root ${mode} ${this.opened ? 'open' : ''}" ${agentTheme(this.settings.config?.theme)} dir=${directionOf(lang)} lang=${lang} title="">
      ${showPanel ? this.panel(s, lang) : nothing}
      ${this.floating
        ? launcherView(
            {
              opened: this.opened,
              unread: this.chat.unread,
              teaser: !this.opened && !this.chat.teaserDismissed && this.chat.log.entries.length === 0 ? (this.settings.config?.welcome_text ?? null) : null,
              onToggle: () => this.toggle(),
              onDismissTeaser: () => this.chat.dismissTeaser(),
            },
            s,
          )
        : nothing}
      <div class="sr-only" role="status">${this.announcement(s)}</div>
    </div>`;
  }

  private panel(s: Strings, lang: string): TemplateResult {
    const chat = this.chat;
    const title = this.title || this.settings.config?.title || this.settings.config?.name || s.agent;
    const phoneModal = this.floating && matches(PHONE);
    const entries = chat.log.entries;
    const context: EntryContext = {
      s,
      lang,
      agentName: title,
      server: this.server || defaultServer(),
      actions: { ...this.messageActions, edit: this.canEdit ? this.startEdit : undefined },
      latest: chat.log.latestReply,
    };
    // A <div>, not a <header>: inside the dialog it would be announced as a second page banner.
    return html`<section
      id="panel"
      class="panel ${this.closing ? 'closing' : ''}"
      part="panel"
      role=${this.floating ? 'dialog' : 'region'}
      aria-label=${title}
      aria-modal=${phoneModal ? 'true' : nothing}
      ?inert=${this.closing}
      @keydown=${this.onPanelKeydown}
      @animationend=${this.onAnimationEnd}
    >
      <div class="header" part="header">
        <span class="avatar" aria-hidden="true">${[...title][0]?.toUpperCase()}</span>
        <div class="heading"><h2 class="title">${title}</h2></div>
        ${chat.status === 'none' || chat.status === 'starting' || this.refused
          ? nothing
          : html`<button type="button" class="icon-button" part="button restart-button" aria-label=${s.restart} title=${s.restart} aria-expanded=${this.confirming ? 'true' : 'false'} @click=${() => this.askRestart()}>${icon('restart')}</button>`}
        ${this.floating ? html`<button type="button" class="icon-button" part="button close-button" aria-label=${s.close} title=${s.close} @click=${() => this.close()}>${icon('close')}</button>` : nothing}
      </div>
      ${this.confirming ? this.confirmRestart(s) : nothing}
      <div class="log" part="messages" role="log" aria-live="polite" aria-label=${s.log} tabindex="0" @scroll=${this.onScroll}>
        ${repeat(
          entries,
          (entry) => entry.key,
          (entry, i) => entryView(entry, context, { first: !sameGroup(entries[i - 1], entry), last: !sameGroup(entry, entries[i + 1]) }),
        )}
        ${typingView(this.typing, s)}
      </div>
      ${this.controls(s)}
    </section>`;
  }

  /** Asks before the restart button ends the conversation: the visitor may have clicked it by mistake. */
  private confirmRestart(s: Strings): TemplateResult {
    return html`<div class="confirm" part="confirm" role="alertdialog" aria-label=${s.restart}>
      <p>${s.restartAsk}</p>
      <button type="button" class="link-button" part="button cancel-button" @click=${() => this.endConfirm()}>${s.cancel}</button>
      <button type="button" class="primary" part="button confirm-button" @click=${this.confirmReset}>${s.restartYes}</button>
    </div>`;
  }

  /** An ended conversation has nothing left to lose: it restarts at once. */
  private askRestart(): void {
    if (this.chat.status === 'ended') return this.confirmReset();
    this.confirming = true;
    this.focusKeeper.request('confirm');
  }

  private endConfirm(): void {
    this.confirming = false;
    this.focusKeeper.request('input');
  }

  private confirmReset = (): void => {
    this.endConfirm();
    this.editing = null;
    void this.chat.reset();
  };

  private controls(s: Strings): TemplateResult {
    const chat = this.chat;
    const editing = this.editing;
    return controlsView(
      {
        ended: chat.status === 'ended',
        refused: this.refused,
        busy: chat.busy,
        editing: !!editing,
        choices: chat.log.choices,
        notice: this.notice,
        prompt: chat.keypad.prompt,
        draft: editing ? editing.text : chat.draft,
        onSend: (text) => {
          this.stickToBottom = true;
          if (editing) {
            this.editing = null;
            void chat.edit(editing.key, text);
          } else {
            chat.setDraft('');
            void chat.send(text);
          }
        },
        onChoice: (text) => {
          this.stickToBottom = true;
          void chat.send(text);
        },
        onInput: (value) => (editing ? (this.editing = { ...editing, text: value }) : chat.setDraft(value)),
        onCancelEdit: () => {
          this.editing = null;
          this.focusKeeper.request('input');
        },
        onRestart: () => void chat.reset(),
        onKey: (key) => chat.keypad.press(key),
        onKeypadSubmit: () => void chat.keypad.submit(),
      },
      s,
    );
  }

  private readonly messageActions = {
    retry: (key: string) => void this.chat.retry(key),
    rate: (key: string, rating: 'up' | 'down') => void this.chat.rate(key, rating),
  };

  /** Editing earlier messages: where the agent allows it, while the agent has the conversation. */
  private get canEdit(): boolean {
    return this.settings.config?.allow_edits === true && this.chat.status === 'active';
  }

  private startEdit = (key: string): void => {
    const message = this.chat.log.find(key);
    if (!message) return;
    this.editing = { key, text: message.content };
    this.focusKeeper.request('input');
  };

  private get refused(): boolean {
    return this.chat.refused || this.settings.refused;
  }

  /** Trouble to show: the conversation's, or the page being refused by the agent. */
  private get notice(): Notice {
    return this.refused ? 'unavailable' : this.chat.notice;
  }

  /**
   * What the polite status region says: typing, trouble. New messages are read from the log.
   * The operator's typing is said once: further signals leave the text as it is.
   */
  private announcement(s: Strings): string {
    return noticeText(this.notice, s) || typingText(this.typing, s);
  }

  private get typing(): Typing {
    return { waiting: this.chat.waiting, operator: this.chat.typing.operator };
  }

  private onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.confirming) {
      event.stopPropagation();
      this.endConfirm();
    } else if (event.key === 'Escape' && this.floating) {
      event.stopPropagation();
      this.close();
      this.focusKeeper.request('launcher');
    } else if (event.key === 'Tab' && this.floating && matches(PHONE)) {
      const panel = this.renderRoot.querySelector('.panel');
      if (panel) trapFocus(event, panel, this.focusKeeper.focused());
    }
  };

  private onAnimationEnd = (event: AnimationEvent): void => {
    if (event.target === event.currentTarget && this.closing) this.closing = false;
  };

  /** The newest message in view (after a render, or when the on-screen keyboard resized the view). */
  private scrollToEnd(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
  }

  private onScroll = (event: Event): void => {
    const log = event.currentTarget;
    if (log instanceof HTMLElement) this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  };

  private parseJson(name: 'context' | 'visitor'): Record<string, unknown> | null {
    const parsed = parseContext(this[name]);
    if (parsed === 'invalid') this.emit('parley-error', { agent: this.agent, code: `invalid_${name}`, message: `The ${name} attribute must be a JSON object` });
    return parsed === 'invalid' ? null : parsed;
  }

  /** Every detail carries the agent, so one page-level listener can tell widgets apart. */
  private emit(name: ParleyEventName, detail: { agent: string } & Record<string, unknown>): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

function matches(query: string): boolean {
  return typeof matchMedia === 'function' && matchMedia(query).matches;
}
