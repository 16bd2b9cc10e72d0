/**
 * `<pc-coverage-view>`: on an agent's Tests tab, what its suite covers (#18 item 5) — how
 * many of the workflow's nodes and transitions the tests' last runs went through, the nodes
 * never reached by name (each a link that selects it in the workflow view), and per node and transition how many last runs passed there. Read
 * again (`reload()`) when a batch of runs finishes.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import type { TestCoverage } from '../../../shared/api/agent-test-runs-api.ts';
import { createTestsClient, type TestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { coverageFigures } from './coverage-figures.ts';

const runs = (n: number) => (n === 0 ? 'never' : `${n} ${n === 1 ? 'run' : 'runs'}`);

export class CoverageView extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = {
    ctx: { attribute: false },
    agentId: { attribute: false },
    versions: { attribute: false },
    coverage: { state: true },
    problem: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agentId: string | undefined;
  /** The agent's versions, for the definition of the version counted (its transitions). */
  declare versions: AgentVersionResponse[] | undefined;
  declare coverage: TestCoverage | undefined;
  declare problem: string | null;
  private client: TestsClient | undefined;
  private asked = 0;

  constructor() {
    super();
    this.problem = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('ctx') || changed.has('agentId')) && this.ctx && this.agentId) {
      this.client ??= createTestsClient(this.ctx.http);
      this.coverage = undefined;
      void this.reload();
    }
  }

  /** Reads the coverage again; an older answer arriving late is dropped. */
  async reload(): Promise<void> {
    const agentId = this.agentId;
    if (!this.client || !agentId) return;
    const asked = ++this.asked;
    try {
      const coverage = await this.client.coverage(agentId);
      if (asked !== this.asked) return;
      this.coverage = coverage;
      this.problem = null;
    } catch (error) {
      if (asked === this.asked) this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    return html`<section aria-labelledby="coverage-h">
      <h2 id="coverage-h">Coverage</h2>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.coverage ? this.body(this.coverage) : this.problem ? nothing : html`<p class="muted" role="status">Loading the coverage…</p>`}
    </section>`;
  }

  private body(coverage: TestCoverage) {
    if (coverage.runs_counted === 0) {
      return html`<p class="muted">No finished runs yet: ${coverage.tests === 0 ? 'add tests to this agent, then run them' : 'run the tests'} to see which nodes and transitions of v${coverage.version} they reach.</p>`;
    }
    const definition = this.versions?.find((v) => v.version === coverage.version)?.workflow;
    const figures = coverageFigures(coverage, definition);
    return html`
      <p><strong class="coverage-figures">${figures.sentence}</strong>
        <span class="muted">— from the last runs of ${coverage.runs_counted} of ${coverage.tests} ${coverage.tests === 1 ? 'test' : 'tests'}, against v${coverage.version}.</span></p>
      <h3 id="unreached-h">Never reached</h3>
      ${figures.unreached.length
        ? html`<ul class="unreached" aria-labelledby="unreached-h">${figures.unreached.map((n) => html`<li><a href="${BASE}/agents/${coverage.agent_id}/workflow?node=${encodeURIComponent(n.id)}"><code>${n.id}</code></a> <span class="badge">${n.type}</span></li>`)}</ul>`
        : html`<p class="ok">Every node was reached.</p>`}
      <div class="coverage-tables">
        <table>
          <caption>Nodes</caption>
          <thead><tr><th scope="col">Node</th><th scope="col">Type</th><th scope="col">Last runs through it</th></tr></thead>
          <tbody>${coverage.nodes.map((n) => html`<tr class=${n.reached ? '' : 'never'}><th scope="row"><code>${n.id}</code></th><td>${n.type}</td><td>${runs(n.runs)}</td></tr>`)}</tbody>
        </table>
        <table>
          <caption>Transitions</caption>
          <thead><tr><th scope="col">From → to</th><th scope="col">Taken when</th><th scope="col">Last runs</th></tr></thead>
          <tbody>${figures.transitions.map(
            (t) => html`<tr class=${t.runs ? '' : 'never'}><th scope="row"><code>${t.from}</code> → <code>${t.to}</code></th><td>${t.label || html`<span class="muted">next</span>`}</td><td>${runs(t.runs)}</td></tr>`,
          )}</tbody>
        </table>
      </div>
    `;
  }
}

customElements.define('pc-coverage-view', CoverageView);
