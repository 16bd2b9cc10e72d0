/**
 * `<pc-inbox-conversation>`: one conversation of the inbox with its whole context — why
 * the agent handed it over, the transcript, the variables — and what an operator does with
 * it: claim it, answer, end it, or hand it back to the agent at a node of its workflow.
 * The transcript is read again whenever the pushed queue says the conversation changed.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { z } from 'zod';
import type { callDetailSchema } from '../../../shared/api/calls-api.ts';
import type { InboxEntry } from '../../../shared/api/inbox-api.ts';
import type { SavedReply } from '../../../shared/api/saved-replies-api.ts';
import { createAgentsClient } from '../api/agents-client.ts';
import { createCallsClient, type CallsClient } from '../api/calls-client.ts';
import { createInboxClient, type InboxClient } from '../api/inbox-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { transcriptView } from '../conversations/transcript-view.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { conversationStyles } from '../styles/conversation-styles.ts';
import { inboxStyles } from '../styles/inbox-styles.ts';
import { pretty } from '../ui/format.ts';

type CallDetail = z.infer<typeof callDetailSchema>;

/** How long "The visitor is typing…" stays after the last signal (the widget sends one every 3 s). */
const TYPING_SHOWN_MS = 5000;
const TYPING_EVERY_MS = 3000;

/** What about an entry means the transcript must be read again. */
const versionOf = (callId: string, entry: InboxEntry | undefined) => `${callId}|${entry ? `${entry.message_count}|${entry.updated_at}` : 'gone'}`;

export class InboxConversation extends LitElement {
  static override styles = [baseStyles, conversationStyles, inboxStyles];
  static override properties = {
    ctx: { attribute: false },
    callId: { attribute: false },
    entry: { attribute: false },
    queueKnown: { attribute: false },
    call: { state: true },
    nodes: { state: true },
    savedReplies: { state: true },
    visitorTyping: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare callId: string | undefined;
  /** The conversation in the queue; `undefined` once it left it (handed back, ended). */
  declare entry: InboxEntry | undefined;
  /** Whether the queue has arrived at all (before it, a missing entry means nothing). */
  declare queueKnown: boolean;
  declare call: CallDetail | undefined;
  declare nodes: string[];
  declare savedReplies: SavedReply[];
  declare visitorTyping: boolean;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private stopTyping: (() => void) | undefined;
  /** When the operator's last typing signal went out: one every few seconds is enough. */
  private typingSentAt = 0;
  declare problem: string | null;
  declare busy: boolean;
  private loadedVersion = '';
  private nodesOf = '';
  private clients: { calls: CallsClient; inbox: InboxClient } | undefined;

  constructor() {
    super();
    this.queueKnown = false;
    this.nodes = [];
    this.savedReplies = [];
    this.visitorTyping = false;
    this.problem = null;
    this.busy = false;
  }

  private get mine(): boolean {
    return this.entry?.claim?.claimed_by === String(this.ctx?.user.id);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTyping?.();
    this.stopTyping = undefined;
    clearTimeout(this.typingTimer);
  }

  /** The visitor writes: say so until a few seconds pass without another signal. */
  private readonly visitorWrites = (callId: string) => {
    if (callId !== this.callId) return;
    this.visitorTyping = true;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.visitorTyping = false), TYPING_SHOWN_MS);
  };

  /** The operator writes: the visitor is told, at most every few seconds, and only under the claim. */
  private readonly operatorWrites = () => {
    const now = Date.now();
    if (!this.mine || !this.callId || !this.clients || now - this.typingSentAt < TYPING_EVERY_MS) return;
    this.typingSentAt = now;
    void this.clients.inbox.typing(this.callId).catch(() => undefined);
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.ctx || !this.callId) return;
    this.stopTyping ??= this.ctx.inbox.onTyping(this.visitorWrites);
    if (!this.clients) {
      this.clients = { calls: createCallsClient(this.ctx.http), inbox: createInboxClient(this.ctx.http) };
      // Read once per visit: saved replies change rarely, and a picker a little behind is harmless.
      void this.clients.inbox.savedReplies().then((replies) => (this.savedReplies = replies), () => undefined);
    }
    if (changed.has('callId')) {
      this.visitorTyping = false;
      this.call = undefined;
      this.problem = null;
    }
    const version = versionOf(this.callId, this.entry);
    if (version !== this.loadedVersion && (this.entry || this.queueKnown)) {
      this.loadedVersion = version;
      void this.load(this.callId);
    }
    // What the claimer has not read is read once it is on their screen.
    if (this.mine && this.entry && this.entry.unread_count > 0 && !this.busy) void this.clients.inbox.read(this.entry.call_id).catch(() => undefined);
  }

  private async load(callId: string): Promise<void> {
    if (!this.clients || !this.ctx) return;
    try {
      const call = await this.clients.calls.get(callId);
      if (callId !== this.callId) return;
      this.call = call;
      if (call.agent_id !== this.nodesOf) {
        this.nodesOf = call.agent_id;
        const agent = await createAgentsClient(this.ctx.http).get(call.agent_id);
        // The workflow's start first: the usual place to go on from.
        const workflow = agent.workflow;
        this.nodes = workflow ? [workflow.start, ...Object.keys(workflow.nodes).filter((n) => n !== workflow.start)] : [];
      }
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  /** Runs an action with the controls disabled; its failure is shown, never thrown. */
  private async act(action: (clients: { calls: CallsClient; inbox: InboxClient }, callId: string) => Promise<string | void>): Promise<void> {
    const callId = this.callId;
    if (!this.clients || !callId || this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      const said = await action(this.clients, callId);
      if (said) this.ctx?.announce(said);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private readonly claim = () => this.act(async ({ inbox }, id) => (await inbox.claim(id), `You have claimed ${id}`));

  private readonly send = (event: SubmitEvent) => {
    event.preventDefault();
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('#reply');
    const content = box?.value.trim() ?? '';
    if (!box || !content) return;
    return this.act(async ({ inbox }, id) => {
      await inbox.reply(id, content);
      box.value = '';
      box.focus();
      return 'Reply sent';
    });
  };

  /** Enter sends (as in the widget); Shift+Enter starts a new line. */
  private readonly replyKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    (event.target as HTMLTextAreaElement).form?.requestSubmit();
  };

  /** A saved reply picked goes into the reply box, where the operator may still edit it. */
  private readonly pickSaved = (event: Event) => {
    const picker = event.target as HTMLSelectElement;
    const reply = this.savedReplies.find((r) => r.id === picker.value);
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('#reply');
    if (!reply || !box) return;
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n${reply.content}` : reply.content;
    picker.value = '';
    box.focus();
  };

  private readonly end = () => this.act(async ({ calls }, id) => (await calls.end(id), `Ended ${id}`));

  private readonly handBack = (event: SubmitEvent) => {
    event.preventDefault();
    const node = this.renderRoot.querySelector<HTMLSelectElement>('#hand-back-node')?.value ?? '';
    if (!node) return;
    return this.act(async ({ inbox }, id) => {
      await inbox.handBack(id, node);
      return `Handed ${id} back to the agent at ${node}`;
    });
  };

  override render() {
    const call = this.call;
    const entry = this.entry;
    if (!call) {
      return this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the conversation…</p>`;
    }
    return html`
      <div class="row"><h2 class="title">${call.call_id}</h2><span class="badge status-${call.status}">${call.status}</span></div>
      ${entry ? this.handOff(entry) : html`<p class="note" role="status">This conversation is no longer waiting for a person${call.status === 'in-progress' ? ': the agent has it again.' : '.'}</p>`}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${entry ? this.actions(entry) : nothing}
      <h3 id="inbox-transcript-h">Transcript</h3>
      ${transcriptView(call.transcript, `Transcript of ${call.call_id}`)}
      <p class="typing" role="status">${this.visitorTyping ? 'The visitor is typing…' : ''}</p>
      ${entry && this.mine ? this.replyForm() : nothing}
      <h3 id="inbox-variables-h">Variables</h3>
      <pre class="json" tabindex="0" aria-labelledby="inbox-variables-h">${pretty(call.extracted_data)}</pre>
    `;
  }

  private handOff(entry: InboxEntry) {
    return html`<p class="reason"><strong>Why it was handed over:</strong> ${entry.hand_off.node ? html`the agent reached <code>${entry.hand_off.node}</code>` : 'the agent handed it over'}${entry.hand_off.message ? html` and said “${entry.hand_off.message}”` : '.'}</p>`;
  }

  private actions(entry: InboxEntry) {
    const claim = entry.claim;
    return html`<div class="row actions" role="group" aria-label="Actions">
      ${!claim
        ? html`<button class="primary" type="button" ?disabled=${this.busy} @click=${this.claim}>Claim</button>`
        : html`<span class="holder">${this.mine ? 'You have claimed it.' : `${claim.display_name} has claimed it.`}</span>`}
      <button type="button" ?disabled=${this.busy || (claim !== null && !this.mine)} @click=${this.end}>End</button>
      <form class="row hand-back" @submit=${this.handBack}>
        <label for="hand-back-node" class="inline">Node</label>
        <select id="hand-back-node" ?disabled=${this.busy || this.nodes.length === 0}>
          ${this.nodes.map((node) => html`<option value=${node}>${node}</option>`)}
        </select>
        <button type="submit" ?disabled=${this.busy || this.nodes.length === 0 || (claim !== null && !this.mine)}>Hand back</button>
      </form>
    </div>`;
  }

  private replyForm() {
    return html`<form class="reply" @submit=${this.send}>
      ${this.savedReplies.length
        ? html`<div class="field saved"><label for="saved-reply">Saved reply</label>
            <select id="saved-reply" @change=${this.pickSaved}>
              <option value="">Insert a saved reply…</option>
              ${this.savedReplies.map((r) => html`<option value=${r.id}>${r.title}</option>`)}
            </select></div>`
        : nothing}
      <label for="reply">Reply</label>
      <textarea id="reply" rows="3" maxlength="8000" @keydown=${this.replyKey} @input=${this.operatorWrites} aria-describedby="reply-hint"></textarea>
      <p class="hint" id="reply-hint">Enter sends; Shift+Enter starts a new line. The visitor sees your reply under your name.</p>
      <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Send</button></div>
    </form>`;
  }
}

customElements.define('pc-inbox-conversation', InboxConversation);
