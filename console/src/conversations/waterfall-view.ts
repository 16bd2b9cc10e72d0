/**
 * `<pc-waterfall>`: the waterfall of `waterfallRows` as a table, one SVG bar per turn (SVG
 * geometry, not inline styles, so the console's CSP holds), figures in columns beside it.
 */
import { LitElement, css, html, svg } from 'lit';
import type { LatencyTurn } from '../../../shared/api/calls-api.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatMs } from '../ui/format.ts';
import { waterfallRows } from './waterfall.ts';

export class WaterfallView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: block; }
      td.bar { width: 45%; }
      svg { width: 100%; height: 1rem; display: block; }
      .llm { fill: #2b6cb0; } .tool { fill: #b7791f; } .server { fill: #718096; } .ttfb { stroke: #1a202c; stroke-width: 0.6; }
      .legend { display: flex; gap: 1rem; font-size: 0.85rem; }
      .key { display: inline-block; width: 0.8rem; height: 0.8rem; vertical-align: middle; margin-right: 0.25rem; }
      .key.llm { background: #2b6cb0; } .key.tool { background: #b7791f; } .key.server { background: #718096; }
    `,
  ];
  static override properties = { turns: { attribute: false } };
  declare turns: readonly LatencyTurn[];

  constructor() {
    super();
    this.turns = [];
  }

  override render() {
    if (this.turns.length === 0) return html`<p class="muted">No turn has latency figures.</p>`;
    const rows = waterfallRows(this.turns);
    const byTurn = new Map(this.turns.map((t) => [t.turn, t]));
    return html`
      <p class="legend" aria-hidden="true"><span><span class="key llm"></span>LLM (line: first byte)</span><span><span class="key tool"></span>Tools</span><span><span class="key server"></span>Server</span></p>
      <table>
        <caption class="visually-hidden">Latency per turn</caption>
        <thead><tr><th scope="col">Turn</th><th scope="col">LLM first byte</th><th scope="col">LLM total</th><th scope="col">Tools</th><th scope="col">Server</th><th scope="col">Total</th><th scope="col">Waterfall</th></tr></thead>
        <tbody>
          ${rows.map((row) => {
            const t = byTurn.get(row.turn);
            return html`<tr>
              <th scope="row">${row.turn}</th>
              <td>${formatMs(t?.llm_ttfb_ms)}</td><td>${formatMs(t?.llm_total_ms)}</td><td>${formatMs(t?.tool_ms)}</td><td>${formatMs(t?.server_ms)}</td>
              <td>${formatMs(row.totalMs)}</td>
              <td class="bar">
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=${row.label}>
                  ${row.segments.map((s) => svg`<rect class=${s.kind} x=${s.start} y="1" width=${Math.max(s.width, 0.5)} height="8"></rect>`)}
                  ${row.ttfbAt === null ? null : svg`<line class="ttfb" x1=${row.ttfbAt} x2=${row.ttfbAt} y1="0" y2="10"></line>`}
                </svg>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}

customElements.define('pc-waterfall', WaterfallView);
