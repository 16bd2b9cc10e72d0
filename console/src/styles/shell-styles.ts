/** The app shell: the top bar with the navigation, and the page below it. */
import { css } from 'lit';

export const shellStyles = css`
  :host { display: block; min-height: 100vh; }
  .top { display: flex; align-items: center; gap: 1rem; padding: 0.5rem 1.25rem; background: var(--pc-surface); border-bottom: 1px solid var(--pc-border); }
  .brand { font-weight: 700; font-size: 1.05rem; color: var(--pc-text); text-decoration: none; }
  nav ul { display: flex; gap: 0.25rem; list-style: none; margin: 0; padding: 0; }
  nav a { display: block; padding: 0.3rem 0.6rem; border-radius: var(--pc-radius); color: var(--pc-text); text-decoration: none; }
  nav a:hover { background: #eef1f4; }
  nav a[aria-current='page'] { background: #ddeaf7; color: #0a4a8a; font-weight: 600; }
  nav .count { display: inline-block; min-width: 1.2rem; padding: 0 0.3rem; border-radius: 0.6rem; background: #b3261e; color: #fff; font-size: 0.75rem; font-weight: 700; text-align: center; }
  .spacer { flex: 1; }
  .who { color: var(--pc-muted); }
  main { padding: 1.25rem; max-width: 1400px; margin: 0 auto; }
  main:focus { outline: none; }
  .skip { position: absolute; left: -9999px; top: 0.5rem; background: var(--pc-surface); padding: 0.5rem; z-index: 10; }
  .skip:focus { left: 0.5rem; }
  .loading { padding: 2rem; text-align: center; color: var(--pc-muted); }
  .notice { position: fixed; bottom: 1rem; left: 50%; transform: translateX(-50%); margin: 0; background: #1b1f24; color: #fff; padding: 0.5rem 1rem; border-radius: var(--pc-radius); }
  .notice:empty { display: none; }
  .banner { margin: 0; padding: 0.5rem 1rem; background: #fff1f0; text-align: center; }
`;
