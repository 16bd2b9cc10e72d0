/** The inbox page: the queue beside the chosen conversation, its actions and reply box. */
import { css } from 'lit';

export const inboxStyles = css`
  .inbox { display: grid; grid-template-columns: minmax(16rem, 22rem) 1fr; gap: 1.25rem; align-items: start; }
  @media (max-width: 50rem) { .inbox { grid-template-columns: 1fr; } }
  .queue h2 { margin-top: 0; }
  ul.queue-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.4rem; }
  ul.queue-list a { display: block; padding: 0.5rem 0.6rem; border: 1px solid var(--pc-border); border-radius: var(--pc-radius); background: var(--pc-surface); color: var(--pc-text); text-decoration: none; }
  ul.queue-list a:hover { background: #eef1f4; }
  ul.queue-list a[aria-current='page'] { border-color: var(--pc-accent); box-shadow: inset 3px 0 0 var(--pc-accent); }
  .line { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .line.last { color: var(--pc-text); }
  .unread { display: inline-block; min-width: 1.2rem; padding: 0 0.3rem; border-radius: 0.6rem; background: #b3261e; color: #fff; font-size: 0.75rem; font-weight: 700; text-align: center; }
  h2.title { margin: 0; }
  .reason { background: #fffaf0; border-left: 3px solid #b7791f; padding: 0.4rem 0.6rem; }
  .note { background: #eef6ee; border-left: 3px solid var(--pc-ok); padding: 0.4rem 0.6rem; }
  .holder { font-weight: 600; }
  form.hand-back { margin: 0; gap: 0.35rem; align-items: center; }
  label.inline { display: inline; margin: 0; }
  form.reply { margin-top: 0.75rem; }
  .field.saved { max-width: 24rem; }
  form.reply textarea { width: 100%; font-family: var(--pc-font); font-size: 0.95rem; }
  .typing { color: var(--pc-muted); font-style: italic; min-height: 1.2rem; margin: 0.25rem 0; }
`;
