/**
 * `<pc-agents-page>`: every agent of the workspace with its published version and its
 * conversations of the last 7 days (`/v1/calls/summary`, every channel), a search over
 * name and id, and — for roles that may write — "New agent".
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import { createAgentsClient, type AgentsClient } from '../api/agents-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { eachLimited } from '../ui/async-pool.ts';
import { formatTime } from '../ui/format.ts';
import './new-agent-dialog.ts';
import type { NewAgentDialog } from './new-agent-dialog.ts';

export class AgentsPage extends LitElement {
  static override styles = [baseStyles];
  static override properties = {
    ctx: { attribute: false },
    agents: { state: true },
    conversations: { state: true },
    query: { state: true },
    problem: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agents: AgentResponse[] | undefined;
  declare conversations: ReadonlyMap<string, number>;
  declare query: string;
  declare problem: string | null;
  private client: AgentsClient | undefined;

  constructor() {
    super();
    this.conversations = new Map();
    this.query = '';
    this.problem = null;
  }

  /** Loads once the shell has handed over the context (set before this element's code was loaded). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.ctx) return;
    this.client ??= createAgentsClient(this.ctx.http);
    try {
      this.agents = await this.client.list();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return;
    }
    const counts = new Map<string, number>();
    await eachLimited(this.agents, 4, async (agent) => {
      const count = await this.client?.conversationsSince(agent.id, 7).catch(() => undefined);
      if (count === undefined) return;
      counts.set(agent.id, count);
      this.conversations = new Map(counts);
    });
  }

  override render() {
    const canWrite = this.ctx?.can('agents.write') ?? false;
    return html`
      <div class="row">
        <h1>Agents</h1>
        <span class="spacer"></span>
        ${canWrite ? html`<button class="primary" type="button" @click=${this.openNew}>New agent</button>` : nothing}
      </div>
      <div class="field search">
        <label for="search">Search agents</label>
        <input id="search" type="search" placeholder="Name or agent_… id" .value=${this.query} @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)} />
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.agents === undefined && !this.problem ? html`<p class="muted" role="status">Loading agents…</p>` : nothing}
      ${this.agents ? this.table(this.filtered(this.agents)) : nothing}
      ${canWrite ? html`<pc-new-agent-dialog .agents=${this.client} @pc-agent-created=${this.created}></pc-new-agent-dialog>` : nothing}
    `;
  }

  private filtered(agents: AgentResponse[]): AgentResponse[] {
    const query = this.query.trim().toLowerCase();
    return query ? agents.filter((a) => a.name.toLowerCase().includes(query) || a.id.includes(query)) : agents;
  }

  private table(agents: AgentResponse[]) {
    if (agents.length === 0) return html`<p class="muted">${this.query ? 'No agent matches.' : 'No agents yet.'}</p>`;
    return html`<table>
      <caption class="visually-hidden">Agents, newest first</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Agent id</th><th scope="col">Published</th><th scope="col">Conversations, last 7 days</th><th scope="col">Updated</th></tr></thead>
      <tbody>
        ${agents.map(
          (agent) => html`<tr>
            <td><a href="${BASE}/agents/${agent.id}/workflow">${agent.name}</a></td>
            <td><code>${agent.id}</code></td>
            <td>${agent.published_version === null ? html`<span class="badge draft">not published</span>` : html`v${agent.published_version}`}
              ${agent.latest_version > (agent.published_version ?? 0) && agent.published_version !== null ? html` <span class="badge draft">draft v${agent.latest_version}</span>` : nothing}</td>
            <td>${this.conversations.get(agent.id) ?? '…'}</td>
            <td>${formatTime(agent.updated_at)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private openNew() {
    void this.renderRoot.querySelector<NewAgentDialog>('pc-new-agent-dialog')?.open();
  }

  private created(event: CustomEvent<AgentResponse>) {
    this.ctx?.announce(`Created ${event.detail.name}`);
    this.ctx?.navigate(`${BASE}/agents/${event.detail.id}/workflow`);
  }
}

customElements.define('pc-agents-page', AgentsPage);
