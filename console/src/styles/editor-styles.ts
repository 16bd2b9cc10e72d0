/**
 * The definition editor: a transparent textarea exactly over its highlighted copy —
 * same font, size, padding, line height and no wrapping — so the caret sits on the
 * coloured text. Line numbers are a CSS counter in the copy's left padding.
 */
import { css } from 'lit';

export const editorStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; }
  .editor { position: relative; flex: 1; min-height: 420px; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); background: #fff; overflow: hidden; }
  .highlight, textarea {
    position: absolute; inset: 0; margin: 0; padding: 8px 8px 8px 3.4em; border: 0; border-radius: 0;
    font: 12.5px/1.5 var(--pc-mono); white-space: pre; overflow: auto; tab-size: 2; width: 100%; height: 100%;
  }
  .highlight { color: #24292f; pointer-events: none; counter-reset: line; }
  textarea { color: transparent; background: transparent; caret-color: #1b1f24; resize: none; }
  textarea::selection { background: rgba(9, 105, 218, 0.25); color: transparent; }
  textarea:focus-visible { outline: 2px solid var(--pc-focus); outline-offset: -2px; }
  .line { position: relative; }
  .line::before { counter-increment: line; content: counter(line); position: absolute; left: -3.1em; width: 2.5em; text-align: right; color: #6e7781; }
  .line.bad { background: #ffebe9; }
  .line.bad::before { color: var(--pc-danger); font-weight: 700; }
  .t-key { color: #0550ae; }
  .t-string { color: #0a3069; }
  .t-number { color: #953800; }
  .t-literal { color: #8250df; }
  .t-punct { color: #57606a; }
  .problems { max-height: 10rem; overflow: auto; margin-top: 0.4rem; }
  .problems ul { margin: 0; padding: 0; list-style: none; }
  .problems li { display: flex; gap: 0.5rem; align-items: baseline; padding: 0.15rem 0; }
  .problems p { margin: 0.25rem 0; }
`;
