/**
 * `<pc-tests-page>`: every agent test of the workspace (`/console/tests`) — the list with
 * its filters, folders and runs — and the last 30 days of runs.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { TestStats } from '../../../shared/api/agent-test-runs-api.ts';
import { createTestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import './stats-chart.ts';
import './tests-view.ts';

const WINDOW_DAYS = 30;

export class TestsPage extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = { ctx: { attribute: false }, stats: { state: true }, problem: { state: true } };
  declare ctx: ConsoleContext | undefined;
  declare stats: TestStats | undefined;
  declare problem: string | null;

  constructor() {
    super();
    this.problem = null;
    // A finished batch changes the figures: read them again when the list says so.
    this.addEventListener('pc-runs-finished', () => void this.loadStats());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.loadStats();
  }

  private async loadStats(): Promise<void> {
    if (!this.ctx) return;
    try {
      this.stats = await createTestsClient(this.ctx.http).stats(WINDOW_DAYS);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    return html`
      <h1>Tests</h1>
      <pc-tests-view .ctx=${this.ctx}></pc-tests-view>
      <section aria-labelledby="stats-h">
        <h2 id="stats-h">The last ${WINDOW_DAYS} days</h2>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.stats ? html`<pc-stats-chart .stats=${this.stats}></pc-stats-chart>` : this.problem ? nothing : html`<p class="muted" role="status">Loading the figures…</p>`}
      </section>
    `;
  }
}

customElements.define('pc-tests-page', TestsPage);
