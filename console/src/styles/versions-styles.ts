/** The versions list and the diff between two of them. */
import { css } from 'lit';

export const versionsStyles = css`
  :host { display: block; }
  .diff { font: 12.5px/1.5 var(--pc-mono); background: #fff; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem 0; max-height: 32rem; overflow: auto; }
  .diff > div { padding: 0 0.75rem; white-space: pre; }
  .d-added { background: #dafbe1; }
  .d-removed { background: #ffebe9; }
  .sign { display: inline-block; width: 1.2em; color: #57606a; }
  .fold { color: var(--pc-muted); background: #f6f8fa; font-style: italic; }
  .field { min-width: 10rem; }
`;
