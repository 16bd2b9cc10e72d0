/**
 * `<pc-conversation-page>`: one conversation — its facts (tokens, cost, feedback), the
 * transcript with tool calls in place, the per-turn latency waterfall, every branch,
 * variables and metadata, webhook deliveries (admins); and its actions: end, transfer to
 * a person, debug link, export (JSON, CSV) and "Create test", which opens the new test.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { z } from 'zod';
import type { callBranchesSchema, callDetailSchema } from '../../../shared/api/calls-api.ts';
import type { callDeliveriesSchema } from '../../../shared/api/webhooks-api.ts';
import { createCallsClient, type CallsClient } from '../api/calls-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { conversationStyles } from '../styles/conversation-styles.ts';
import { formatTime, pretty } from '../ui/format.ts';
import { transcriptView } from './transcript-view.ts';
import './waterfall-view.ts';

type CallDetail = z.infer<typeof callDetailSchema>;
type Branches = z.infer<typeof callBranchesSchema>['branches'];
type Deliveries = z.infer<typeof callDeliveriesSchema>['deliveries'];

export class ConversationPage extends LitElement {
  static override styles = [baseStyles, conversationStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    call: { state: true },
    branches: { state: true },
    deliveries: { state: true },
    debugUrl: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare call: CallDetail | undefined;
  declare branches: Branches;
  declare deliveries: Deliveries | undefined;
  declare debugUrl: string | null;
  declare problem: string | null;
  declare busy: boolean;
  private client: CallsClient | undefined;
  private loadedId: string | undefined;

  constructor() {
    super();
    this.branches = [];
    this.debugUrl = null;
    this.problem = null;
    this.busy = false;
  }

  private get callId(): string | undefined {
    return this.route?.name === 'conversation' ? this.route.callId : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('route') || changed.has('ctx')) && this.ctx && this.callId && this.callId !== this.loadedId) {
      this.loadedId = this.callId;
      this.call = undefined;
      this.debugUrl = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const id = this.callId;
    if (!this.ctx || !id) return;
    this.client ??= createCallsClient(this.ctx.http);
    try {
      const [call, branches] = await Promise.all([this.client.get(id), this.client.branches(id)]);
      if (id !== this.callId) return;
      this.call = call;
      this.branches = branches.branches;
      this.problem = null;
      if (this.ctx.can('webhooks')) this.deliveries = (await this.client.deliveries(id)).deliveries;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  /** Runs an action with the buttons disabled; its failure is shown, never thrown. */
  private async act(action: (client: CallsClient, callId: string) => Promise<void>): Promise<void> {
    const id = this.callId;
    if (!this.client || !id || this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      await action(this.client, id);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private readonly end = () =>
    this.act(async (client, id) => {
      await client.end(id);
      this.ctx?.announce(`Ended ${id}`);
      await this.load();
    });

  private readonly transfer = () =>
    this.act(async (client, id) => {
      await client.transfer(id, 'human');
      this.ctx?.announce(`Handed ${id} to a person`);
      await this.load();
    });

  private readonly debugLink = () =>
    this.act(async (client, id) => {
      this.debugUrl = (await client.debugLink(id)).url;
    });

  private readonly createTest = () =>
    this.act(async (client, id) => {
      const test = await client.createTest(id);
      this.ctx?.announce(`Created the test ${test.name}`);
      this.ctx?.navigate(`${BASE}/tests/${test.id}/json`);
    });

  override render() {
    if (!this.call) {
      return this.problem
        ? html`<h1>Conversation</h1><p class="error" role="alert">${this.problem}</p><a href="${BASE}/conversations">Back to the conversations</a>`
        : html`<p class="muted" role="status">Loading the conversation…</p>`;
    }
    const call = this.call;
    const live = call.status === 'in-progress';
    return html`
      <p><a href="${BASE}/conversations">All conversations</a></p>
      <div class="row"><h1>${call.call_id}</h1><span class="badge status-${call.status}">${call.status}</span></div>
      <div class="row actions" role="group" aria-label="Actions">
        ${live ? html`<button type="button" ?disabled=${this.busy} @click=${this.end}>End</button>` : nothing}
        ${live ? html`<button type="button" ?disabled=${this.busy} @click=${this.transfer}>Transfer to a person</button>` : nothing}
        ${this.ctx?.can('debug-links') ? html`<button type="button" ?disabled=${this.busy} @click=${this.debugLink}>Debug link</button>` : nothing}
        <a class="button" href=${this.client?.exportUrl(call.call_id, 'json') ?? ''} download="${call.call_id}.json">Export JSON</a>
        <a class="button" href=${this.client?.exportUrl(call.call_id, 'csv') ?? ''} download="${call.call_id}.csv">Export CSV</a>
        ${this.ctx?.can('tests.write')
          ? html`<button class="primary" type="button" ?disabled=${this.busy || live} title=${live ? 'End the conversation first' : ''} @click=${this.createTest}>Create test</button>`
          : nothing}
      </div>
      ${this.debugUrl ? html`<p>Debug link: <a href=${this.debugUrl} target="_blank" rel="noopener">${this.debugUrl}</a></p>` : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.facts(call)}
      <section aria-labelledby="transcript-h"><h2 id="transcript-h">Transcript</h2>${transcriptView(call.transcript, 'Transcript, current branch')}</section>
      <section aria-labelledby="latency-h"><h2 id="latency-h">Latency</h2><pc-waterfall .turns=${call.latency_data.turns}></pc-waterfall></section>
      ${this.branchesView()}
      <section aria-labelledby="variables-h"><h2 id="variables-h">Variables</h2><pre class="json" tabindex="0">${pretty(call.extracted_data)}</pre></section>
      <section aria-labelledby="metadata-h"><h2 id="metadata-h">Metadata</h2><pre class="json" tabindex="0">${pretty(call.metadata)}</pre></section>
      ${this.deliveries ? this.deliveriesView(this.deliveries) : nothing}
    `;
  }

  private facts(call: CallDetail) {
    const rated = call.transcript.flatMap((e) => (e.type === 'message' && e.feedback ? [e.feedback.rating] : []));
    const facts: [string, string][] = [
      ['Agent', call.agent_id],
      ['Channel', call.channel],
      ['Started', formatTime(call.started_at)],
      ['Ended', formatTime(call.ended_at)],
      ['Ended reason', call.ended_reason ?? '—'],
      ['Duration', `${call.duration_seconds} s`],
      ['Visitor turns', String(call.turn_count)],
      ['Tool calls', String(call.tool_call_count)],
      ['Model', call.model],
      ['Tokens', `${call.prompt_tokens} in, ${call.completion_tokens} out`],
      ['Cost', `$${call.total_cost.toFixed(4)}`],
      ['Feedback', rated.length ? `${rated.filter((r) => r === 'up').length} up, ${rated.filter((r) => r === 'down').length} down` : 'none'],
    ];
    if (call.transfer_destination) facts.push(['Transferred to', call.transfer_destination]);
    return html`<dl class="facts">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
  }

  private branchesView() {
    if (this.branches.length < 2) return nothing;
    return html`<section aria-labelledby="branches-h"><h2 id="branches-h">Branches (${this.branches.length})</h2>
      ${this.branches.map(
        (b, i) => html`<details class="branch" ?open=${false}>
          <summary>Branch ${i + 1}${b.current ? ' (current)' : ''}${b.fork_index === null ? '' : `, forked after message #${b.fork_index}`} · ${formatTime(b.created_at)}</summary>
          ${transcriptView(b.transcript, `Transcript, branch ${i + 1}`)}
        </details>`,
      )}</section>`;
  }

  private deliveriesView(deliveries: Deliveries) {
    return html`<section aria-labelledby="webhooks-h"><h2 id="webhooks-h">Webhook deliveries</h2>
      ${deliveries.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table><caption class="visually-hidden">Webhook deliveries</caption>
            <thead><tr><th scope="col">Event</th><th scope="col">URL</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">When</th></tr></thead>
            <tbody>${deliveries.map(
              (d) => html`<tr><td>${d.event}</td><td><code>${d.url}</code></td><td>${d.attempt}</td>
                <td>${d.status}${d.status_code === null ? '' : ` (${d.status_code})`}${d.error ? html` <span class="error">${d.error}</span>` : nothing}</td><td>${formatTime(d.attempted_at ?? d.created_at)}</td></tr>`,
            )}</tbody></table>`}
    </section>`;
  }
}

customElements.define('pc-conversation-page', ConversationPage);
