/** The tests pages: the folder panel beside the list, run statuses, the run page, the chart. */
import { css } from 'lit';

export const testsStyles = css`
  :host { display: block; }
  form.filters .field { min-width: 8rem; }
  .layout { display: grid; grid-template-columns: minmax(12rem, 16rem) 1fr; gap: 1rem; align-items: start; }
  @media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
  .folders ul { list-style: none; margin: 0; padding: 0; }
  .folders li { display: flex; gap: 0.25rem; align-items: center; padding: 0.15rem 0; }
  .folders li.level-2 { padding-left: 1rem; }
  .folders li.level-3 { padding-left: 2rem; }
  .folders li .name { flex: 1; overflow-wrap: anywhere; }
  .folders form { margin-top: 0.75rem; }
  .toolbar { margin-bottom: 0.75rem; }
  .badge.status-passed { color: var(--pc-ok); border-color: var(--pc-ok); }
  .badge.status-failed, .badge.status-error { color: var(--pc-danger); border-color: var(--pc-danger); }
  .badge.status-queued, .badge.status-running { color: #8a4b00; border-color: #8a4b00; }
  td select { max-width: 12rem; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem 1rem; margin: 0 0 1rem; }
  .facts dt { color: var(--pc-muted); font-size: 0.85rem; }
  .facts dd { margin: 0; font-weight: 600; }
  .verdict { font-size: 1.1rem; }
  pre.reply, pre.json { background: var(--pc-surface); border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  ol.transcript { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 0.4rem; }
  .message { padding: 0.5rem 0.75rem; border-radius: var(--pc-radius); border: 1px solid var(--pc-border); max-width: 46rem; white-space: pre-wrap; }
  .message.user { align-self: flex-end; background: #e8f0fb; }
  .message.assistant { background: var(--pc-surface); }
  ins { background: #e6f4ea; text-decoration: none; }
  del { background: #fde8e8; }
  svg.chart { width: 100%; max-width: 48rem; height: auto; background: var(--pc-surface); border: 1px solid var(--pc-border); border-radius: var(--pc-radius); }
  svg .passed { fill: #1e7b34; }
  svg .failed { fill: #b42318; }
  svg .errored { fill: #8a4b00; }
  svg .rate { fill: none; stroke: #0b5cad; stroke-width: 2; }
  svg circle.rate { fill: #0b5cad; stroke: none; }
  svg .axis { stroke: var(--pc-border); }
  svg text { font-size: 10px; fill: var(--pc-muted); }
  .legend { display: flex; gap: 1rem; font-size: 0.85rem; }
  .legend span::before { content: ''; display: inline-block; width: 0.7rem; height: 0.7rem; margin-right: 0.3rem; vertical-align: middle; }
  .legend .passed::before { background: #1e7b34; }
  .legend .failed::before { background: #b42318; }
  .legend .errored::before { background: #8a4b00; }
  .legend .rate::before { height: 2px; background: #0b5cad; }
  section { margin-bottom: 1.5rem; }
  fieldset { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); margin: 0 0 1rem; padding: 0.75rem 1rem; max-width: 48rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  .coverage-tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; align-items: start; }
  .coverage-tables caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
  tr.never td, tr.never th { color: var(--pc-danger); }
  ul.unreached { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; margin: 0 0 1rem; }
`;
