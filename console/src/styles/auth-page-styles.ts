/** The sign-in and set-password pages: one card in the middle of the page. */
import { css } from 'lit';

export const authPageStyles = css`
  .auth { min-height: 100vh; display: grid; place-items: center; padding: 1rem; }
  .auth .card { width: min(380px, 100%); padding: 1.5rem; }
  .auth button.primary { width: 100%; justify-content: center; padding: 0.5rem; }
  .auth .error:empty { display: none; }
`;
