/** The conversation pages: the filter bar, the transcript with tool calls in place, facts. */
import { css } from 'lit';

export const conversationStyles = css`
  :host { display: block; }
  form.filters .field { min-width: 8rem; }
  .badge.status-completed { color: var(--pc-ok); border-color: var(--pc-ok); }
  .badge.status-failed { color: var(--pc-danger); border-color: var(--pc-danger); }
  .badge.status-transferred { color: #8a4b00; border-color: #8a4b00; }
  .actions { margin: 0.5rem 0 1rem; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem 1rem; margin: 0 0 1rem; }
  .facts dt { color: var(--pc-muted); font-size: 0.85rem; }
  .facts dd { margin: 0; font-weight: 600; }
  ol.transcript { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 0.4rem; }
  .message { padding: 0.5rem 0.75rem; border-radius: var(--pc-radius); border: 1px solid var(--pc-border); max-width: 46rem; }
  .message .text { white-space: pre-wrap; }
  .message.user { align-self: flex-end; background: #e8f0fb; }
  .message.assistant { background: var(--pc-surface); }
  .message .who { display: block; font-size: 0.75rem; color: var(--pc-muted); }
  .tool { font-size: 0.85rem; border-left: 3px solid #b7791f; padding: 0.25rem 0.6rem; background: #fffaf0; max-width: 46rem; }
  .tool pre { margin: 0.25rem 0 0; white-space: pre-wrap; word-break: break-word; }
  pre.json { background: var(--pc-surface); border: 1px solid var(--pc-border); border-radius: var(--pc-radius); padding: 0.5rem; overflow: auto; max-height: 20rem; }
  details.branch { margin-bottom: 0.5rem; }
  section { margin-bottom: 1.5rem; }
`;
