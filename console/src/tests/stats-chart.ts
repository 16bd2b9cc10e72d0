/**
 * `<pc-stats-chart>`: the last 30 days of test runs, drawn by hand in SVG (passed, failed
 * and errored per day, the pass rate as a line), with the same figures as a table for
 * screen readers and anyone who wants the numbers, and the runs by type.
 */
import { LitElement, html, svg, nothing } from 'lit';
import type { TestStats } from '../../../shared/api/agent-test-runs-api.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { CHART, dayBars, statsSummary } from './stats-geometry.ts';

export class StatsChart extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = { stats: { attribute: false } };
  declare stats: TestStats | undefined;

  override render() {
    const stats = this.stats;
    if (!stats) return nothing;
    const { bars, max, ratePath, ratePoints } = dayBars(stats.buckets);
    const base = CHART.height - CHART.bottom;
    const right = CHART.width - CHART.right;
    return html`
      <p id="stats-summary">${statsSummary(stats)}.</p>
      <svg class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-labelledby="stats-title" aria-describedby="stats-summary">
        <title id="stats-title">Test runs per day over the last ${stats.window_days} days: passed, failed and errored, with the pass rate</title>
        <line class="axis" x1=${CHART.left} y1=${base} x2=${right} y2=${base}></line>
        <text x=${CHART.left - 4} y=${CHART.top + 8} text-anchor="end">${max}</text>
        <text x=${CHART.left - 4} y=${base} text-anchor="end">0</text>
        <text x=${right + 4} y=${CHART.top + 8}>100%</text>
        <text x=${right + 4} y=${base}>0%</text>
        ${bars.map((bar, i) =>
          svg`${bar.segments.filter((s) => s.height > 0).map((s) => svg`<rect class=${s.kind} x=${bar.x.toFixed(1)} y=${s.y.toFixed(1)} width=${bar.width.toFixed(1)} height=${s.height.toFixed(1)}></rect>`)}
            ${i % 7 === 0 ? svg`<text x=${bar.x.toFixed(1)} y=${CHART.height - 8}>${bar.day.slice(5)}</text>` : nothing}`,
        )}
        ${ratePath ? svg`<path class="rate" d=${ratePath}></path>` : nothing}
        ${ratePoints.map((p) => svg`<circle class="rate" cx=${p.x.toFixed(1)} cy=${p.y.toFixed(1)} r="3"></circle>`)}
      </svg>
      <p class="legend" aria-hidden="true"><span class="passed">passed</span><span class="failed">failed</span><span class="errored">errored</span><span class="rate">pass rate</span></p>
      <details>
        <summary>The figures per day</summary>
        <table>
          <caption class="visually-hidden">Test runs per day</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Errored</th><th scope="col">Pass rate</th></tr></thead>
          <tbody>${bars.map(
            (b) => html`<tr><th scope="row">${b.day}</th>${b.segments.map((s) => html`<td>${s.count}</td>`)}<td>${b.rate === null ? '—' : `${Math.round(b.rate * 100)}%`}</td></tr>`,
          )}</tbody>
        </table>
      </details>
      <h3>Runs by type</h3>
      <table>
        <caption class="visually-hidden">Runs by test type</caption>
        <thead><tr><th scope="col">Type</th><th scope="col">Runs</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Errored</th></tr></thead>
        <tbody>${(['reply', 'tool', 'simulation'] as const).map((type) => {
          const t = stats.by_type[type];
          return html`<tr><th scope="row">${type}</th><td>${t.total_runs}</td><td>${t.passed}</td><td>${t.failed}</td><td>${t.errored}</td></tr>`;
        })}</tbody>
      </table>
    `;
  }
}

customElements.define('pc-stats-chart', StatsChart);
