/** The replays tab and a replay's page: the start form, the list, verdicts, divergences side by side. */
import { css } from 'lit';

export const replaysStyles = css`
  :host { display: block; }
  .intro { max-width: 48rem; }
  form.start { max-width: 40rem; margin-bottom: 1rem; }
  form.start h2 { margin-top: 0; }
  .field.version { max-width: 16rem; }
  fieldset { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); margin: 0 0 1rem; padding: 0.5rem 0.75rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  .choice { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin: 0.35rem 0; }
  .choice label { display: inline; margin: 0; }
  .choice input[type='number'] { width: 6rem; }
  .badge.status-completed, .badge.verdict-identical { color: var(--pc-ok); border-color: var(--pc-ok); }
  .badge.status-failed, .badge.verdict-diverged, .badge.verdict-error { color: var(--pc-danger); border-color: var(--pc-danger); }
  .badge.status-queued, .badge.status-running, .badge.verdict-text_only, .badge.verdict-pending { color: #8a4b00; border-color: #8a4b00; }
  td.bad { color: var(--pc-danger); font-weight: 600; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.5rem 1rem; margin: 0 0 1rem; }
  .facts dt { color: var(--pc-muted); font-size: 0.85rem; }
  .facts dd { margin: 0; font-weight: 600; }
  section { margin-bottom: 1.5rem; }
  section.divergence { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem 1rem 1rem; margin-bottom: 1rem; background: var(--pc-surface); }
  table.sides { table-layout: fixed; }
  table.sides thead th:first-child { width: 9rem; }
  table.sides td { overflow-wrap: anywhere; }
  pre.reply { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; font-size: inherit; }
  .differs { background: #fff4e5; }
`;
