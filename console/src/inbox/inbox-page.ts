/**
 * `<pc-inbox-page>`: the operators' live queue of conversations handed to a person —
 * pushed by the shell's inbox stream, never polled — with unread counts and who has
 * claimed each, an opt-in for desktop notifications, and the chosen conversation beside it
 * (`<pc-inbox-conversation>`), kept in the path so a link opens it.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { InboxEntry, InboxResponse } from '../../../shared/api/inbox-api.ts';
import { createInboxClient, type InboxClient } from '../api/inbox-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { conversationStyles } from '../styles/conversation-styles.ts';
import { inboxStyles } from '../styles/inbox-styles.ts';
import { formatTime } from '../ui/format.ts';
import './inbox-conversation.ts';

export class InboxPage extends LitElement {
  static override styles = [baseStyles, conversationStyles, inboxStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    queue: { state: true },
    problem: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare queue: InboxResponse | undefined;
  declare problem: string | null;
  private client: InboxClient | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.problem = null;
  }

  private get callId(): string | null {
    return this.route?.name === 'inbox' ? this.route.callId : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !this.unsubscribe) this.follow(this.ctx);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.ctx && !this.unsubscribe) this.follow(this.ctx);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private follow(ctx: ConsoleContext): void {
    const client = (this.client ??= createInboxClient(ctx.http));
    this.unsubscribe = ctx.inbox.subscribe((snapshot) => {
      try {
        this.queue = client.parseQueue(snapshot.raw);
        this.problem = null;
      } catch (error) {
        this.problem = `The inbox stream sent something unexpected: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
  }

  private readonly toggleNotifications = async () => {
    const ctx = this.ctx;
    if (!ctx) return;
    const on = await ctx.inbox.setNotifying(!ctx.inbox.notifying);
    ctx.announce(on ? 'Desktop notifications are on' : 'Desktop notifications are off');
    this.requestUpdate();
  };

  override render() {
    const queue = this.queue;
    const selected = this.callId;
    return html`
      <div class="row"><h1>Inbox</h1><span class="spacer"></span>${this.notificationButton()}</div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="inbox">
        <section class="queue" aria-labelledby="queue-h">
          <h2 id="queue-h">Waiting for a person${queue ? ` (${queue.conversations.length})` : ''}</h2>
          ${!queue
            ? html`<p class="muted" role="status">Connecting to the inbox…</p>`
            : queue.conversations.length === 0
              ? html`<p class="muted">Nobody is waiting. New hand-offs appear here by themselves.</p>`
              : html`<ul class="queue-list" aria-label="Conversations waiting for a person, oldest first">
                  ${queue.conversations.map((entry) => this.queueItem(entry, entry.call_id === selected))}
                </ul>`}
        </section>
        <section class="detail" aria-label="Conversation">
          ${selected && this.ctx
            ? html`<pc-inbox-conversation .ctx=${this.ctx} .callId=${selected} .entry=${queue?.conversations.find((e) => e.call_id === selected)} .queueKnown=${queue !== undefined}></pc-inbox-conversation>`
            : html`<p class="muted">Choose a conversation to read it, claim it and answer.</p>`}
        </section>
      </div>
    `;
  }

  private notificationButton() {
    if (typeof Notification === 'undefined' || !this.ctx) return nothing;
    const on = this.ctx.inbox.notifying;
    return html`<button type="button" aria-pressed=${on ? 'true' : 'false'} @click=${this.toggleNotifications}>Desktop notifications: ${on ? 'on' : 'off'}</button>`;
  }

  private queueItem(entry: InboxEntry, current: boolean) {
    const mine = entry.claim?.claimed_by === String(this.ctx?.user.id);
    const holder = entry.claim ? (mine ? 'Claimed by you' : `Claimed by ${entry.claim.display_name}`) : 'Not claimed';
    return html`<li class=${current ? 'current' : ''}>
      <a href="${BASE}/inbox/${entry.call_id}" aria-current=${current ? 'page' : 'false'}>
        <span class="line"><strong>${entry.agent.name}</strong> <span class="muted">${entry.call_id}</span>
          ${entry.unread_count > 0 ? html`<span class="unread">${entry.unread_count}<span class="visually-hidden"> unread</span></span>` : nothing}</span>
        <span class="line last">${entry.last_message ? entry.last_message.content : '—'}</span>
        <span class="line muted">${holder} · waiting since ${formatTime(entry.waiting_since)}</span>
      </a>
    </li>`;
  }
}

customElements.define('pc-inbox-page', InboxPage);
