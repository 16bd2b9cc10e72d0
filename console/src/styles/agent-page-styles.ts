/** An agent's page: its name, then tabs as links. */
import { css } from 'lit';

export const agentPageStyles = css`
  :host { display: block; }
  .head h1 { margin: 0; }
  .head { margin-bottom: 0.5rem; }
  .tabs { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--pc-border); margin-bottom: 1rem; }
  .tabs a { padding: 0.45rem 0.9rem; color: var(--pc-text); text-decoration: none; border-bottom: 2px solid transparent; margin-bottom: -1px; }
  .tabs a[aria-current='page'] { border-bottom-color: var(--pc-accent); font-weight: 600; color: #0a4a8a; }
  .tabs a:hover { background: #eef1f4; }
`;
