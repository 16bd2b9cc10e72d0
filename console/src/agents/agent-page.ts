/**
 * `<pc-agent-page>`: one agent — its workflow (graph and editor), settings, versions,
 * playground, tests (with their coverage) and replays, each a deep link (`/console/agents/{id}/{tab}`). Loads the agent and its
 * versions, and again whenever a view says it changed them (`pc-agent-changed`).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import { createAgentsClient, type AgentsClient } from '../api/agents-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type AgentTab, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { agentPageStyles } from '../styles/agent-page-styles.ts';
import type { CoverageView } from '../tests/coverage-view.ts';
import '../workflow/workflow-view.ts';
import './settings-view.ts';
import './versions-view.ts';

const TABS: { tab: AgentTab; label: string }[] = [
  { tab: 'workflow', label: 'Workflow' },
  { tab: 'settings', label: 'Settings' },
  { tab: 'versions', label: 'Versions' },
  { tab: 'playground', label: 'Playground' },
  { tab: 'tests', label: 'Tests' },
  { tab: 'replays', label: 'Replays' },
];

export class AgentPage extends LitElement {
  static override styles = [baseStyles, agentPageStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    agent: { state: true },
    versions: { state: true },
    problem: { state: true },
    playgroundReady: { state: true },
    testsReady: { state: true },
    replaysReady: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare agent: AgentResponse | undefined;
  declare versions: AgentVersionResponse[] | undefined;
  declare problem: string | null;
  declare playgroundReady: boolean;
  declare testsReady: boolean;
  declare replaysReady: boolean;
  private client: AgentsClient | undefined;
  private loadedId: string | undefined;

  constructor() {
    super();
    this.problem = null;
    this.playgroundReady = false;
    this.testsReady = false;
    this.replaysReady = false;
    this.addEventListener('pc-agent-changed', () => void this.load());
    // Finished runs change what the suite covers.
    this.addEventListener('pc-runs-finished', () => void this.renderRoot.querySelector<CoverageView>('pc-coverage-view')?.reload());
  }

  private get agentId(): string | undefined {
    return this.route?.name === 'agent' ? this.route.agentId : undefined;
  }

  private get tab(): AgentTab {
    return this.route?.name === 'agent' ? this.route.tab : 'workflow';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('route') && this.agentId && this.agentId !== this.loadedId) {
      this.loadedId = this.agentId;
      this.agent = undefined;
      this.versions = undefined;
      void this.load();
    }
    if (this.tab === 'playground' && !this.playgroundReady) {
      void import('../playground/playground-view.ts').then(() => (this.playgroundReady = true));
    }
    if (this.tab === 'tests' && !this.testsReady) {
      void Promise.all([import('../tests/tests-view.ts'), import('../tests/coverage-view.ts')]).then(() => (this.testsReady = true));
    }
    if (this.tab === 'replays' && !this.replaysReady) {
      void import('../replays/replays-view.ts').then(() => (this.replaysReady = true));
    }
  }

  private async load(): Promise<void> {
    const id = this.agentId;
    if (!this.ctx || !id) return;
    this.client ??= createAgentsClient(this.ctx.http);
    this.problem = null;
    try {
      const [agent, versions] = await Promise.all([this.client.get(id), this.client.versions(id)]);
      if (id !== this.agentId) return;
      this.agent = agent;
      this.versions = versions;
      document.title = `${agent.name} · ${this.tab} · Parley console`;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    if (this.problem) return html`<h1>Agent</h1><p class="error" role="alert">${this.problem}</p><a href="${BASE}/agents">Back to the agents</a>`;
    if (!this.agent) return html`<p class="muted" role="status">Loading the agent…</p>`;
    const agent = this.agent;
    const tabs = TABS.filter((t) => t.tab !== 'playground' || this.ctx?.can('playground'));
    return html`
      <div class="row head">
        <h1>${agent.name}</h1>
        <code class="muted">${agent.id}</code>
        ${agent.published_version === null ? html`<span class="badge draft">not published</span>` : html`<span class="badge published">v${agent.published_version} published</span>`}
      </div>
      <nav class="tabs" aria-label="Agent">
        ${tabs.map((t) => html`<a href="${BASE}/agents/${agent.id}/${t.tab}" aria-current=${this.tab === t.tab ? 'page' : 'false'}>${t.label}</a>`)}
      </nav>
      <section class="tab-body">${this.body()}</section>
    `;
  }

  private body() {
    const common = { ctx: this.ctx, agent: this.agent, client: this.client };
    switch (this.tab) {
      case 'workflow':
        return html`<pc-workflow-view .ctx=${common.ctx} .agent=${common.agent} .client=${common.client} .versions=${this.versions} .focusNode=${this.route?.name === 'agent' ? (this.route.node ?? null) : null}></pc-workflow-view>`;
      case 'settings':
        return html`<pc-settings-view .ctx=${common.ctx} .agent=${common.agent} .client=${common.client}></pc-settings-view>`;
      case 'versions':
        return html`<pc-versions-view .ctx=${common.ctx} .agent=${common.agent} .client=${common.client} .versions=${this.versions}></pc-versions-view>`;
      case 'playground':
        if (!this.ctx?.can('playground')) return html`<p>The playground needs the builder or admin role.</p>`;
        return this.playgroundReady
          ? html`<pc-playground-view .ctx=${common.ctx} .agent=${common.agent} .client=${common.client} .versions=${this.versions}></pc-playground-view>`
          : html`<p class="muted" role="status">Loading the playground…</p>`;
      case 'tests':
        return this.testsReady
          ? html`<pc-tests-view .ctx=${common.ctx} .agentId=${this.agent?.id}></pc-tests-view>
              <pc-coverage-view .ctx=${common.ctx} .agentId=${this.agent?.id} .versions=${this.versions}></pc-coverage-view>`
          : html`<p class="muted" role="status">Loading the tests…</p>`;
      case 'replays':
        return this.replaysReady
          ? html`<pc-replays-view .ctx=${common.ctx} .agent=${common.agent} .versions=${this.versions}></pc-replays-view>`
          : html`<p class="muted" role="status">Loading the replays…</p>`;
      default:
        return nothing;
    }
  }
}

customElements.define('pc-agent-page', AgentPage);
