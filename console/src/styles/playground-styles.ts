/** The playground: setup, then the conversation beside its branches and state. */
import { css } from 'lit';

export const playgroundStyles = css`
  :host { display: block; }
  .setup { margin-bottom: 0.75rem; }
  .setup summary { cursor: pointer; }
  .setup summary h2 { display: inline; font-size: 1rem; }
  .setup form { margin-top: 0.75rem; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
  .status { margin: 0.5rem 0; }
  .layout { display: grid; grid-template-columns: minmax(0, 1.6fr) minmax(280px, 1fr); gap: 1rem; align-items: start; }
  .chat { display: flex; flex-direction: column; gap: 0.5rem; }
  .log { background: var(--pc-surface); border: 1px solid var(--pc-border); border-radius: var(--pc-radius); min-height: 320px; max-height: 62vh; overflow: auto; }
  .log ol { list-style: none; margin: 0; padding: 0.75rem; display: flex; flex-direction: column; gap: 0.6rem; }
  .msg { display: flex; flex-direction: column; align-items: flex-start; gap: 0.25rem; max-width: 85%; }
  .msg.user { align-self: flex-end; align-items: flex-end; }
  .bubble { padding: 0.5rem 0.75rem; border-radius: 12px; white-space: pre-wrap; background: #eef1f4; }
  .msg.user .bubble { background: var(--pc-accent); color: var(--pc-accent-text); }
  .msg.streaming .bubble { opacity: 0.85; }
  .meta { margin: 0; font-size: 0.8rem; color: var(--pc-muted); }
  .badge.node { font-family: var(--pc-mono); }
  .node-change { margin: 0; font-size: 0.85rem; }
  .choices { display: flex; gap: 0.3rem; flex-wrap: wrap; }
  .tools { font-size: 0.85rem; }
  .tools summary { cursor: pointer; color: var(--pc-muted); }
  .tool-call { border-left: 3px solid #9a6700; padding-left: 0.5rem; margin: 0.35rem 0; }
  .kv { display: grid; grid-template-columns: 5.5rem 1fr; gap: 0.25rem; }
  .kv .k { color: var(--pc-muted); }
  .kv pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
  .composer { display: flex; gap: 0.5rem; align-items: stretch; }
  .composer textarea { flex: 1; font-family: var(--pc-font); font-size: 0.95rem; }
  .reading { margin: 0; padding: 0.4rem 0.6rem; background: #fff8c5; border-radius: var(--pc-radius); }
  .side { display: flex; flex-direction: column; gap: 0.75rem; }
  .side h2 { margin-top: 0; }
  .tree, .tree ul { list-style: none; margin: 0; padding-left: 1rem; }
  .tree { padding-left: 0; }
  .branch { display: flex; gap: 0.5rem; align-items: center; justify-content: space-between; padding: 0.2rem 0.3rem; border-radius: var(--pc-radius); }
  .branch.shown { background: #ddeaf7; }
  .tree ul { border-left: 2px solid var(--pc-border); margin-left: 0.4rem; }
  .state { margin: 0; padding-left: 0; list-style: none; max-height: 50vh; overflow: auto; }
  .state-row { border-bottom: 1px solid var(--pc-border); padding: 0.35rem 0; }
  .state-row h4 { margin: 0 0 0.2rem; font-size: 0.9rem; }
  .changes { margin: 0; padding-left: 1rem; font-size: 0.85rem; }
  .c-added code:last-child { color: var(--pc-ok); }
  .c-removed { color: var(--pc-danger); }
  .state pre { white-space: pre-wrap; margin: 0.25rem 0; font-size: 0.8rem; }
  @media (max-width: 1000px) { .layout, .grid { grid-template-columns: 1fr; } }
`;
