/** The admin forms (webhooks, workspace settings): grouped fields, checkbox lists, bodies of requests. */
import { css } from 'lit';

export const adminStyles = css`
  :host { display: block; max-width: 1100px; }
  fieldset { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; min-width: 0; }
  legend { font-weight: 600; }
  label.check { display: inline-flex; gap: 0.35rem; align-items: center; font-weight: normal; margin: 0 1rem 0.35rem 0; }
  .card { margin-bottom: 1rem; }
  .card h2 { margin-top: 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 20rem; overflow: auto; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem; margin: 0 0 0.5rem; }
  .secret code { font-size: 0.95rem; user-select: all; }
  td .row { flex-wrap: nowrap; }
`;
