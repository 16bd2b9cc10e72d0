/**
 * `<pc-replay-page>`: one replay (`/console/agents/{id}/replays/{replay_id}`) — its status and
 * summary, every conversation with its verdict, and for each that went another way its first
 * divergence: the turn, the recorded and replayed node paths, transitions and replies side by
 * side, and the variables that differ, with a link to the recorded conversation. A replay
 * still queued or running is read again with backoff until it ends.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { Replay, ReplayConversation } from '../../../shared/api/replays-api.ts';
import { createReplaysClient, type ReplaysClient } from '../api/replays-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { replaysStyles } from '../styles/replays-styles.ts';
import { isActive, watchRuns } from '../tests/run-watch.ts';
import { formatTime, valueText } from '../ui/format.ts';
import { divergenceLine, summaryText, turnText, verdictText } from './replay-text.ts';

/** Divergences shown in full; a replay of 1,000 conversations lists the rest in the table only. */
const MAX_DETAILED = 50;

type Show = 'all' | ReplayConversation['status'];
const SHOW: { value: Show; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'diverged', label: 'Diverged' },
  { value: 'text_only', label: 'Text only' },
  { value: 'error', label: 'Errors' },
  { value: 'identical', label: 'Identical' },
];

export class ReplayPage extends LitElement {
  static override styles = [baseStyles, replaysStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    replay: { state: true },
    show: { state: true },
    problem: { state: true },
  };
  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare replay: Replay | undefined;
  declare show: Show;
  declare problem: string | null;
  private client: ReplaysClient | undefined;
  private loaded: string | undefined;
  private watch = 0;

  constructor() {
    super();
    this.show = 'all';
    this.problem = null;
  }

  private get ids(): { agentId: string; replayId: string } | undefined {
    return this.route?.name === 'replay' ? { agentId: this.route.agentId, replayId: this.route.replayId } : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const ids = this.ids;
    if ((changed.has('route') || changed.has('ctx')) && this.ctx && ids && ids.replayId !== this.loaded) {
      this.loaded = ids.replayId;
      this.client ??= createReplaysClient(this.ctx.http);
      this.replay = undefined;
      this.show = 'all';
      void this.follow(ids.agentId, ids.replayId);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch += 1;
  }

  private async follow(agentId: string, replayId: string): Promise<void> {
    const watch = ++this.watch;
    const read = async () => {
      const replay = await this.client?.get(agentId, replayId);
      const changed = replay?.status !== this.replay?.status;
      if (replay && watch === this.watch) this.replay = replay;
      return { active: isActive(replay?.status), changed };
    };
    try {
      if ((await read()).active) await watchRuns(read, () => watch !== this.watch);
    } catch (error) {
      if (watch === this.watch) this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const replay = this.replay;
    if (!replay) return this.problem ? html`<h1>Replay</h1><p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the replay…</p>`;
    const s = replay.summary;
    const byNode = Object.entries(s.diverged_by_node).sort((a, b) => b[1] - a[1]);
    return html`
      <h1>Replay against v${replay.version}</h1>
      <p class="muted">Of <a href="${BASE}/agents/${replay.agent_id}/replays">${replay.agent_id}</a>, queued ${formatTime(replay.created_at)} · <code>${replay.id}</code></p>
      <dl class="facts" aria-live="polite">
        <div><dt>Status</dt><dd><span class="badge status-${replay.status}">${replay.status}</span></dd></div>
        <div><dt>Conversations</dt><dd>${s.conversations}</dd></div>
        <div><dt>Identical</dt><dd>${s.identical}</dd></div>
        <div><dt>Text only</dt><dd>${s.text_only}</dd></div>
        <div><dt>Diverged</dt><dd>${s.diverged}</dd></div>
        <div><dt>Errors</dt><dd>${s.errors}</dd></div>
        <div><dt>Finished</dt><dd>${formatTime(replay.completed_at)}</dd></div>
      </dl>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${replay.error ? html`<p class="error">The replay failed: ${replay.error}</p>` : nothing}
      ${isActive(replay.status) ? nothing : html`<p>${summaryText(s)}.</p>`}
      ${byNode.length ? html`<p>Diverged at: ${byNode.map(([node, n], i) => html`${i ? ', ' : ''}<code>${node}</code> (${n})`)}</p>` : nothing}
      ${this.conversations(replay)}
    `;
  }

  private conversations(replay: Replay) {
    const shown = this.show === 'all' ? replay.conversations : replay.conversations.filter((c) => c.status === this.show);
    const differing = shown.filter((c) => c.first_divergence !== null);
    const detailed = differing.slice(0, MAX_DETAILED);
    const inDetail = new Set(detailed.map((c) => c.call_id));
    return html`
      <section aria-labelledby="conversations-h">
        <div class="row"><h2 id="conversations-h">Conversations</h2><span class="spacer"></span>
          <label for="replay-show">Show</label>
          <select id="replay-show" @change=${(e: Event) => (this.show = (e.target as HTMLSelectElement).value as Show)}>
            ${SHOW.map((o) => html`<option value=${o.value} ?selected=${this.show === o.value}>${o.label}</option>`)}
          </select>
        </div>
        ${shown.length === 0
          ? html`<p class="muted">No conversation ${this.show === 'all' ? 'in this replay' : `is ${verdictText(this.show as ReplayConversation['status'])}`}.</p>`
          : html`<table>
              <caption class="visually-hidden">Replayed conversations and their verdicts</caption>
              <thead><tr><th scope="col">Conversation</th><th scope="col">Verdict</th><th scope="col">Turns</th><th scope="col">LLM answers reused / asked</th><th scope="col">First difference</th></tr></thead>
              <tbody>${shown.map(
                (c) => html`<tr>
                  <th scope="row"><a href="${BASE}/conversations/${c.call_id}">${c.call_id}</a></th>
                  <td><span class="badge verdict-${c.status}">${verdictText(c.status)}</span></td>
                  <td>${c.turns_replayed}</td>
                  <td>${c.llm.reused} / ${c.llm.requested}</td>
                  <td>${c.error ? html`<span class="error">${c.error}</span>` : c.first_divergence
                    ? inDetail.has(c.call_id) ? html`<a href="#d-${c.call_id}" @click=${(e: MouseEvent) => this.jump(e, c.call_id)}>${divergenceLine(c.first_divergence)}</a>` : divergenceLine(c.first_divergence) : html`<span class="muted">none</span>`}</td>
                </tr>`,
              )}</tbody>
            </table>`}
      </section>
      ${detailed.length ? html`<section aria-labelledby="divergences-h"><h2 id="divergences-h">First divergences</h2>
          ${detailed.length < differing.length ? html`<p class="muted">The first ${MAX_DETAILED} of ${differing.length} are shown in full.</p>` : nothing}
          ${detailed.map((c) => this.divergence(c))}</section>`
        : nothing}
    `;
  }

  /** A fragment cannot reach into the shadow root (and the router takes console links): move focus to the section here. */
  private jump(event: MouseEvent, callId: string): void {
    const heading = this.renderRoot.querySelector<HTMLElement>(`#h-${CSS.escape(callId)}`);
    if (!heading) return;
    event.preventDefault();
    heading.scrollIntoView({ block: 'start' });
    heading.focus();
  }

  private divergence(c: ReplayConversation) {
    const d = c.first_divergence;
    if (!d) return nothing;
    const { recorded, replayed } = d;
    const row = (what: unknown, a: unknown, b: unknown, differs: boolean) =>
      html`<tr class=${differs ? 'differs' : ''}><th scope="row">${what}${differs ? html`<span class="visually-hidden"> (differs)</span>` : nothing}</th><td>${a}</td><td>${b}</td></tr>`;
    const path = (nodes: string[]) => (nodes.length ? nodes.join(' → ') : '(no node entered)');
    const transition = (t: string | null) => t ?? 'the same on both sides';
    return html`<section class="divergence" id="d-${c.call_id}" aria-labelledby="h-${c.call_id}">
      <h3 id="h-${c.call_id}" tabindex="-1">${c.call_id}: ${verdictText(c.status)} at ${turnText(d)}</h3>
      <p><a href="${BASE}/conversations/${c.call_id}">Open the recorded conversation</a></p>
      <table class="sides">
        <caption class="visually-hidden">${c.call_id}, recorded and replayed side by side</caption>
        <thead><tr><th scope="col"><span class="visually-hidden">What</span></th><th scope="col">Recorded</th><th scope="col">Replayed</th></tr></thead>
        <tbody>
          ${row('Node path', path(recorded.path), path(replayed.path), path(recorded.path) !== path(replayed.path))}
          ${row('Transition', transition(recorded.transition), transition(replayed.transition), recorded.transition !== replayed.transition)}
          ${row('Rests at', recorded.node ?? '—', replayed.node ?? '—', recorded.node !== replayed.node)}
          ${row('Reply', html`<pre class="reply">${recorded.reply}</pre>`, html`<pre class="reply">${replayed.reply}</pre>`, recorded.reply !== replayed.reply)}
          ${d.variables.map((v) => row(html`Variable <code>${v.path}</code>`, html`<code>${valueText(v.recorded)}</code>`, html`<code>${valueText(v.replayed)}</code>`, true))}
        </tbody>
      </table>
    </section>`;
  }
}

customElements.define('pc-replay-page', ReplayPage);
