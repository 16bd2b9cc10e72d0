/**
 * Styles every console element adopts (Lit's adoptedStyleSheets: no inline style, so
 * the strict CSP holds): controls, forms, tables, focus rings, and the visually hidden
 * text that gives icon buttons their names.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host { font: 14px/1.45 var(--pc-font); color: var(--pc-text); }
  * { box-sizing: border-box; }
  h1 { font-size: 1.4rem; margin: 0 0 0.75rem; }
  h2 { font-size: 1.1rem; margin: 1rem 0 0.5rem; }
  h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
  a { color: var(--pc-accent); }
  button, .button {
    font: inherit; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); background: var(--pc-surface);
    color: var(--pc-text); padding: 0.35rem 0.8rem; cursor: pointer; text-decoration: none; display: inline-flex; align-items: center; gap: 0.35rem;
  }
  button:hover { background: #eef1f4; }
  button.primary, .button.primary { background: var(--pc-accent); border-color: var(--pc-accent); color: var(--pc-accent-text); }
  button.primary:hover { background: #094c8f; }
  button.danger { color: var(--pc-danger); }
  button.small { padding: 0.15rem 0.5rem; font-size: 0.85rem; }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: 2px solid var(--pc-focus); outline-offset: 2px; }
  input, select, textarea {
    font: inherit; color: inherit; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.35rem 0.5rem; background: var(--pc-surface);
  }
  textarea { font-family: var(--pc-mono); font-size: 0.85rem; }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--pc-danger); }
  label { font-weight: 600; display: block; margin-bottom: 0.2rem; }
  .field { display: flex; flex-direction: column; gap: 0.15rem; margin-bottom: 0.75rem; }
  .field input, .field textarea, .field select { width: 100%; }
  .field.search { max-width: 26rem; }
  .hint { color: var(--pc-muted); font-size: 0.85rem; font-weight: normal; }
  .error { color: var(--pc-danger); font-size: 0.9rem; }
  .ok { color: var(--pc-ok); }
  .muted { color: var(--pc-muted); }
  .card { background: var(--pc-surface); border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 1rem; }
  .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
  form.row { align-items: flex-end; margin-bottom: 1rem; gap: 0.75rem; }
  form.row .field { margin-bottom: 0; }
  .spacer { flex: 1; }
  table { border-collapse: collapse; width: 100%; background: var(--pc-surface); }
  th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--pc-border); vertical-align: top; }
  th { font-weight: 600; color: var(--pc-muted); font-size: 0.85rem; }
  code, pre { font-family: var(--pc-mono); font-size: 0.85rem; }
  .badge { display: inline-block; padding: 0 0.4rem; border-radius: 999px; font-size: 0.75rem; border: 1px solid var(--pc-border); color: var(--pc-muted); }
  .badge.published { color: var(--pc-ok); border-color: var(--pc-ok); }
  .badge.draft { color: #8a4b00; border-color: #8a4b00; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  [hidden] { display: none !important; }
`;
