/** The workflow view: graph and properties on the left, the definition on the right. */
import { css } from 'lit';

export const workflowViewStyles = css`
  :host { display: block; }
  .bar { margin-bottom: 0.5rem; }
  .split { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
  .graph-pane, .editor-pane { display: flex; flex-direction: column; min-width: 0; }
  pc-workflow-canvas { height: 560px; }
  pc-definition-editor { height: 640px; }
  .props { margin-top: 0.75rem; }
  .props h2 { margin: 0; }
  .props dl { margin: 0.5rem 0; }
  .props dt { font-weight: 600; margin-top: 0.4rem; }
  .props dd { margin: 0.1rem 0 0 0.75rem; }
  .node-json { background: #f6f8fa; padding: 0.5rem; border-radius: var(--pc-radius); max-height: 14rem; overflow: auto; margin: 0; }
  .props-empty { margin-top: 0.75rem; }
  @media (max-width: 1000px) { .split { grid-template-columns: 1fr; } }
`;
