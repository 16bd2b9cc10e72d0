/** The settings form: one card per group. */
import { css } from 'lit';

export const settingsStyles = css`
  :host { display: block; max-width: 960px; }
  fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
  .card { margin-bottom: 1rem; }
  textarea.prose { font-family: var(--pc-font); font-size: 0.95rem; }
  .card h2 { margin-top: 0; }
  .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
  .grid3 { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 0 1rem; }
  .check { display: flex; gap: 0.5rem; align-items: center; margin-bottom: 0.75rem; }
  .check label { margin: 0; }
  fieldset.doc { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem 0.75rem; margin-bottom: 0.75rem; }
  fieldset.doc legend { font-weight: 600; }
`;
