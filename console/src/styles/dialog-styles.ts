/** Modal dialogs (`<dialog>`): a card above a dimmed page. */
import { css } from 'lit';

export const dialogStyles = css`
  dialog { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 1.25rem; width: min(560px, 92vw); color: var(--pc-text); }
  dialog::backdrop { background: rgba(27, 31, 36, 0.45); }
  dialog h2 { margin-top: 0; }
  fieldset { border: 1px solid var(--pc-border); border-radius: var(--pc-radius); margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  .choices { display: flex; gap: 1rem; }
  .choice, .template { font-weight: normal; display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.25rem 0; }
  .templates { max-height: 16rem; overflow: auto; }
  .actions { margin-top: 1rem; }
  ul.error { padding-left: 1.2rem; }
`;
