/**
 * `<pc-replays-view>`: an agent's Replays tab (#18 item 3) — "Start a replay" (a version,
 * the newest N conversations or chosen call ids) for those who may start one, and the
 * agent's replays, newest first, with their status and what they found. While one is
 * queued or running the list is read again with backoff (`run-watch.ts`).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import type { z } from 'zod';
import type { replayListItemSchema } from '../../../shared/api/replays-api.ts';
import { createReplaysClient, type ReplaysClient } from '../api/replays-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { replaysStyles } from '../styles/replays-styles.ts';
import { isActive, watchRuns } from '../tests/run-watch.ts';
import { formatTime } from '../ui/format.ts';
import { replayRequest, type ReplayRequest } from './replay-request.ts';

type ListedReplay = z.infer<typeof replayListItemSchema>;
type Field = Extract<ReplayRequest, { ok: false }>['field'];

export class ReplaysView extends LitElement {
  static override styles = [baseStyles, replaysStyles];
  static override properties = {
    ctx: { attribute: false },
    agent: { attribute: false },
    versions: { attribute: false },
    replays: { state: true },
    choose: { state: true },
    problem: { state: true },
    fieldProblem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agent: AgentResponse | undefined;
  declare versions: AgentVersionResponse[] | undefined;
  declare replays: ListedReplay[] | undefined;
  declare choose: 'last' | 'calls';
  declare problem: string | null;
  declare fieldProblem: { field: Field; message: string } | null;
  declare busy: boolean;
  private client: ReplaysClient | undefined;
  private watch = 0;

  constructor() {
    super();
    this.choose = 'last';
    this.problem = null;
    this.fieldProblem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('ctx') || changed.has('agent')) && this.ctx && this.agent && changed.get('agent')?.id !== this.agent.id) {
      this.client ??= createReplaysClient(this.ctx.http);
      this.replays = undefined;
      void this.follow();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch += 1;
  }

  /** Reads the list, then again with backoff while a replay is queued or running. */
  private async follow(): Promise<void> {
    const watch = ++this.watch;
    const agentId = this.agent?.id;
    const read = async () => {
      const before = new Map(this.replays?.map((r) => [r.id, r.status]));
      const page = agentId ? await this.client?.list(agentId) : undefined;
      if (page && watch === this.watch) this.replays = page.replays;
      const replays = page?.replays ?? [];
      return { active: replays.some((r) => isActive(r.status)), changed: replays.some((r) => before.get(r.id) !== r.status) };
    };
    try {
      if ((await read()).active) await watchRuns(read, () => watch !== this.watch);
    } catch (error) {
      if (watch === this.watch) this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  private async start(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const agentId = this.agent?.id;
    if (!this.client || !agentId) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '');
    const request = replayRequest({ version: text('version'), choose: this.choose, last: text('last'), callIds: text('call_ids') });
    this.problem = null;
    this.fieldProblem = request.ok ? null : { field: request.field, message: request.message };
    if (!request.ok) return;
    this.busy = true;
    try {
      const replay = await this.client.start(agentId, request.body);
      this.replays = [replay, ...(this.replays ?? []).filter((r) => r.id !== replay.id)];
      void this.follow();
    } catch (error) {
      // The server names the calls it does not know (404) or finds none to replay (400).
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <p class="muted intro">A replay re-runs recorded conversations' visitor messages against a version, with the recorded tool results
        (and the recorded LLM answers wherever the version asks the same), and reports where each conversation first went another way.</p>
      ${this.ctx?.can('tests.write') ? this.form() : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <section aria-labelledby="replays-h">
        <h2 id="replays-h">Replays</h2>
        ${this.list()}
      </section>
    `;
  }

  private problemOf(field: Field) {
    return this.fieldProblem?.field === field ? this.fieldProblem.message : null;
  }

  private form() {
    const versions = this.versions ?? [];
    if (versions.length === 0) return html`<p class="muted">Save a workflow first: a replay runs a version.</p>`;
    const lastProblem = this.problemOf('last');
    const callsProblem = this.problemOf('callIds');
    return html`<form class="card start" @submit=${this.start} novalidate>
      <h2 id="start-h">Start a replay</h2>
      <div class="field version">
        <label for="replay-version">Version</label>
        <select id="replay-version" name="version">
          ${versions.map((v) => html`<option value=${v.version}>v${v.version} — ${v.status}</option>`)}
        </select>
      </div>
      <fieldset>
        <legend>Conversations</legend>
        <div class="choice">
          <input type="radio" id="choose-last" name="choose" value="last" .checked=${this.choose === 'last'} @change=${() => (this.choose = 'last')} />
          <label for="choose-last">The newest</label>
          <input id="replay-last" name="last" type="number" min="1" max="1000" value="20" aria-label="How many of the newest conversations"
            ?disabled=${this.choose !== 'last'} aria-invalid=${lastProblem ? 'true' : 'false'} aria-describedby=${lastProblem ? 'replay-last-problem' : nothing} />
          <span class="muted">conversations with this agent</span>
        </div>
        ${lastProblem ? html`<p class="error" id="replay-last-problem">${lastProblem}</p>` : nothing}
        <div class="choice">
          <input type="radio" id="choose-calls" name="choose" value="calls" .checked=${this.choose === 'calls'} @change=${() => (this.choose = 'calls')} />
          <label for="choose-calls">These calls</label>
        </div>
        ${this.choose === 'calls'
          ? html`<div class="field">
              <label for="replay-calls" class="visually-hidden">Call ids</label>
              <textarea id="replay-calls" name="call_ids" rows="3" placeholder="call_00000042, call_00000043"
                aria-invalid=${callsProblem ? 'true' : 'false'} aria-describedby=${callsProblem ? 'replay-calls-problem' : 'replay-calls-hint'}></textarea>
              <span class="hint" id="replay-calls-hint">One per line, or separated by commas.</span>
              ${callsProblem ? html`<p class="error" id="replay-calls-problem">${callsProblem}</p>` : nothing}
            </div>`
          : nothing}
      </fieldset>
      <button class="primary" type="submit" ?disabled=${this.busy}>Start replay</button>
    </form>`;
  }

  private list() {
    const replays = this.replays;
    if (!replays) return this.problem ? nothing : html`<p class="muted" role="status">Loading the replays…</p>`;
    if (replays.length === 0) return html`<p class="muted">No replays yet.${this.ctx?.can('tests.write') ? ' Start one above to compare a draft with real conversations.' : ''}</p>`;
    const agentId = this.agent?.id ?? '';
    return html`<table class="replays">
      <caption class="visually-hidden">The agent's replays, newest first</caption>
      <thead><tr>
        <th scope="col">Replay</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Conversations</th>
        <th scope="col">Identical</th><th scope="col">Text only</th><th scope="col">Diverged</th><th scope="col">Errors</th>
      </tr></thead>
      <tbody aria-live="polite">${replays.map(
        (r) => html`<tr>
          <th scope="row"><a href="${BASE}/agents/${agentId}/replays/${r.id}" aria-label=${`Replay of ${formatTime(r.created_at)} against v${r.version}: ${r.status}`}>${formatTime(r.created_at)}</a></th>
          <td>v${r.version}</td>
          <td><span class="badge status-${r.status}">${r.status}</span>${r.error ? html` <span class="error">${r.error}</span>` : nothing}</td>
          <td>${r.summary.conversations}</td>
          <td>${r.summary.identical}</td>
          <td>${r.summary.text_only}</td>
          <td class=${r.summary.diverged ? 'bad' : ''}>${r.summary.diverged}</td>
          <td class=${r.summary.errors ? 'bad' : ''}>${r.summary.errors}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }
}

customElements.define('pc-replays-view', ReplaysView);
