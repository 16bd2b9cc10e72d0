/** A shared session's page: the playground's layout under a small header of its own. */
import { css } from 'lit';

export const sharedSessionStyles = css`
  :host { display: block; max-width: 1200px; margin: 0 auto; padding: 1rem; }
  .shared-head { margin-bottom: 1rem; }
  .shared-head h1 { margin: 0.2rem 0; font-size: 1.35rem; }
  .shared-head p { margin: 0; }
  .brand { font-weight: 700; color: var(--pc-accent); }
  .branch-title { font-size: 1rem; margin: 0; }
  .gone { max-width: 36rem; margin: 3rem auto; }
`;
