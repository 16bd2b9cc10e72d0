/**
 * `<pc-conversations-page>`: every conversation of the workspace, newest first, with the
 * calls API's filters (agent, channel, status, ended reason, dates, visitor feedback, text)
 * and its cursor: "Load more" appends the next page.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import type { CallResponse } from '../../../shared/api/calls-api.ts';
import { createAgentsClient } from '../api/agents-client.ts';
import { createCallsClient, type CallListFilter, type CallsClient } from '../api/calls-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { conversationStyles } from '../styles/conversation-styles.ts';
import { formatTime } from '../ui/format.ts';

const CHOICES: Record<'channel' | 'status' | 'ended_reason' | 'feedback', { label: string; options: readonly string[] }> = {
  channel: { label: 'Channel', options: ['widget', 'api', 'test', 'simulation'] },
  status: { label: 'Status', options: ['in-progress', 'completed', 'failed', 'transferred'] },
  ended_reason: { label: 'Ended reason', options: ['agent-hangup', 'visitor-left', 'api', 'timeout', 'transfer', 'error'] },
  feedback: { label: 'Visitor feedback', options: ['up', 'down', 'any', 'none'] },
};

export class ConversationsPage extends LitElement {
  static override styles = [baseStyles, conversationStyles];
  static override properties = {
    ctx: { attribute: false },
    agents: { state: true },
    calls: { state: true },
    nextCursor: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agents: AgentResponse[];
  declare calls: CallResponse[] | undefined;
  declare nextCursor: string | null;
  declare problem: string | null;
  declare busy: boolean;
  private client: CallsClient | undefined;
  private filter: CallListFilter = {};

  constructor() {
    super();
    this.agents = [];
    this.nextCursor = null;
    this.problem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) {
      this.client = createCallsClient(this.ctx.http);
      void createAgentsClient(this.ctx.http).list().then((agents) => (this.agents = agents), () => undefined);
      void this.load(false);
    }
  }

  private async load(more: boolean): Promise<void> {
    if (!this.client) return;
    this.busy = true;
    this.problem = null;
    try {
      const page = await this.client.page(this.filter, more ? this.nextCursor : null);
      this.calls = more ? [...(this.calls ?? []), ...page.calls] : page.calls;
      this.nextCursor = page.next_cursor;
      if (!more) this.ctx?.announce(page.calls.length === 1 && !page.next_cursor ? '1 conversation' : `${page.calls.length}${page.next_cursor ? '+' : ''} conversations`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const filter: CallListFilter = {};
    for (const key of ['agent_id', 'channel', 'status', 'ended_reason', 'feedback', 'from_date', 'to_date', 'q'] as const) {
      const value = String(data.get(key) ?? '').trim();
      if (value) filter[key] = value;
    }
    this.filter = filter;
    void this.load(false);
  }

  override render() {
    return html`
      <h1>Conversations</h1>
      <form class="row filters" role="search" aria-label="Filter conversations" @submit=${this.apply}>
        <div class="field"><label for="q">Text</label><input id="q" name="q" type="search" maxlength="200" placeholder="Words in any message" /></div>
        <div class="field"><label for="agent_id">Agent</label>
          <select id="agent_id" name="agent_id"><option value="">Any agent</option>${this.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}</select></div>
        ${Object.entries(CHOICES).map(
          ([key, { label, options }]) => html`<div class="field"><label for=${key}>${label}</label>
            <select id=${key} name=${key}><option value="">Any</option>${options.map((o) => html`<option value=${o}>${o}</option>`)}</select></div>`,
        )}
        <div class="field"><label for="from_date">From</label><input id="from_date" name="from_date" type="date" /></div>
        <div class="field"><label for="to_date">To</label><input id="to_date" name="to_date" type="date" /></div>
        <button class="primary" type="submit" ?disabled=${this.busy}>Apply filters</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.calls === undefined && !this.problem ? html`<p class="muted" role="status">Loading conversations…</p>` : nothing}
      ${this.calls ? this.table(this.calls) : nothing}
      ${this.nextCursor ? html`<p><button type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>Load more</button></p>` : nothing}
    `;
  }

  private table(calls: CallResponse[]) {
    if (calls.length === 0) return html`<p class="muted">No conversation matches.</p>`;
    const names = new Map(this.agents.map((a) => [a.id, a.name]));
    return html`<table>
      <caption class="visually-hidden">Conversations, newest first</caption>
      <thead><tr><th scope="col">Conversation</th><th scope="col">Agent</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Turns</th><th scope="col">Cost</th></tr></thead>
      <tbody>
        ${calls.map(
          (c) => html`<tr>
            <td><a href="${BASE}/conversations/${c.call_id}">${c.call_id}</a></td>
            <td>${names.get(c.agent_id) ?? c.agent_id}</td>
            <td>${c.channel}</td>
            <td><span class="badge status-${c.status}">${c.status}</span>${c.ended_reason ? html` <span class="muted">${c.ended_reason}</span>` : nothing}</td>
            <td>${formatTime(c.started_at)}</td>
            <td>${c.duration_seconds} s</td>
            <td>${c.turn_count}</td>
            <td>$${c.total_cost.toFixed(4)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('pc-conversations-page', ConversationsPage);
