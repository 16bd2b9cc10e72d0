/** The workflow graph: node colours by type, edge styles by kind. */
import { css } from 'lit';

export const canvasStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; }
  .toolbar { padding: 0.35rem 0; }
  .hint { font-size: 0.8rem; }
  .canvas { flex: 1; width: 100%; min-height: 420px; background: #fbfcfd; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); cursor: grab; touch-action: none; }
  .canvas:active { cursor: grabbing; }
  .loading { fill: var(--pc-muted); font-size: 13px; }
  .node { cursor: pointer; }
  .node rect:first-child { fill: #fff; stroke: #8c959f; stroke-width: 1.2; }
  .node .stripe { fill: #8c959f; }
  .node text { font-family: var(--pc-font); }
  .node .type { font-size: 10px; fill: #57606a; text-transform: uppercase; letter-spacing: 0.04em; }
  .node .id { font-size: 13px; font-weight: 600; fill: #1b1f24; }
  .node .summary { font-size: 11px; fill: #424a53; }
  .node:focus { outline: none; }
  .node:focus-visible rect:first-child, .node.selected rect:first-child { stroke: var(--pc-focus); stroke-width: 3; }
  .node.faulty rect:first-child { stroke: var(--pc-danger); stroke-width: 2.5; stroke-dasharray: 5 3; }
  .node.ghost rect { fill: #fff1f0; stroke: var(--pc-danger); stroke-dasharray: 4 3; }
  .node.ghost text { fill: var(--pc-danger); font-size: 12px; }
  .type-say .stripe { fill: #0969da; }
  .type-ask .stripe { fill: #8250df; }
  .type-form .stripe { fill: #bf3989; }
  .type-llm .stripe { fill: #1a7f37; }
  .type-tool .stripe { fill: #9a6700; }
  .type-branch .stripe { fill: #0550ae; }
  .type-transfer .stripe { fill: #cf222e; }
  .type-end .stripe { fill: #57606a; }
  .interrupt circle { fill: #fff8c5; stroke: #9a6700; }
  .interrupt text { font-size: 10px; }
  .edge path { fill: none; stroke: #6e7781; stroke-width: 1.4; }
  .arrow { fill: #6e7781; }
  .edge.kind-error path, .edge.kind-fail path { stroke-dasharray: 5 4; stroke: #9a6700; }
  .edge.kind-exit path { stroke: #1a7f37; }
  .edge.dangling path { stroke: var(--pc-danger); }
  .label-bg { fill: #fff; stroke: #d0d7de; }
  .label { font-size: 11px; fill: #24292f; font-family: var(--pc-font); }
`;
