/** The transcript: message bubbles, notes, the typing indicator and markdown inside bubbles. */
import { css } from 'lit';

export const messageStyles = css`
  .log {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 12px;
    background: var(--parley-log-background, #f8fafc);
  }
  /* Nothing widens a message beyond the panel: code and tables scroll in their own box,
     long words and links break. */
  .msg {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-width: 85%;
    min-width: 0;
    gap: 2px;
    animation: rise 0.2s ease-out;
  }
  /* One speaker's messages in a row: one group, one name above, one time below. */
  .msg:not(.first) {
    margin-top: -8px;
  }
  .msg.user {
    align-self: flex-end;
    align-items: flex-end;
  }
  .bubble-text {
    max-width: 100%;
    min-width: 0;
    padding: 10px 14px;
    border-radius: var(--_radius);
    border-end-start-radius: 4px;
    background: var(--_surface);
    overflow-wrap: anywhere;
  }
  .user .bubble-text {
    border-radius: var(--_radius);
    border-end-end-radius: 4px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .plain {
    white-space: pre-wrap;
  }
  .operator .bubble-text {
    background: #fef3c7;
  }
  .author {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  .face {
    width: 20px;
    height: 20px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 9px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .face::before {
    content: attr(data-initials);
  }
  /* An answer's numbered references: small, under the bubble, each opening to its quote. */
  .sources {
    margin: 2px 0 0;
    padding: 0;
    list-style: none;
    font-size: 12px;
    color: var(--_muted);
  }
  /* The marker hangs outside, so a long title wraps under its own first word, and the
     quote and link line up with it; 24 px tall at least, a target a finger can hit. */
  .sources summary {
    cursor: pointer;
    list-style-position: outside;
    padding-block: 4px;
  }
  .sources details {
    margin-inline-start: 14px;
  }
  .sources q {
    display: block;
    padding-inline-start: 8px;
    border-inline-start: 2px solid var(--_muted);
    font-style: italic;
  }
  .sources a {
    display: inline-block;
    padding-block: 4px;
    color: var(--_accent);
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 2px;
    font-size: 12px;
    color: var(--_muted);
  }
  .user .meta {
    flex-direction: row-reverse;
  }
  /* The time under a group's last message, and under any other on hover or focus. */
  .time {
    display: none;
    padding-inline: 4px;
  }
  .last .time,
  .msg:hover .time,
  .msg:focus-within .time {
    display: inline;
  }
  /* The small round buttons beside a message (edit, thumbs up and down): full targets
     that do not push the next message away. */
  .meta button {
    margin-block: -8px;
    display: grid;
    place-items: center;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
  }
  .meta .icon {
    width: 16px;
    height: 16px;
  }
  .edit {
    width: 32px;
    height: 32px;
    opacity: 0;
  }
  .msg:hover .edit,
  .edit:focus-visible {
    opacity: 1;
  }
  .sending .bubble-text {
    opacity: 0.7;
  }
  .failed .bubble-text {
    outline: 2px solid #b91c1c;
  }
  .status-line {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 13px;
    color: #b91c1c;
  }
  .link-button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 6px;
    border: 0;
    border-radius: 6px;
    background: transparent;
    color: var(--_accent);
    font-weight: 600;
    font-size: 13px;
    text-decoration: underline;
  }
  .link-button .icon {
    width: 16px;
    height: 16px;
  }
  .feedback {
    display: flex;
    gap: 2px;
  }
  .feedback button {
    width: 44px;
    height: 44px;
    padding: 7px;
    background-clip: content-box !important;
  }
  .feedback button:hover,
  .feedback [aria-pressed='true'] {
    background: var(--_surface);
    color: var(--_accent);
  }
  .feedback .down .icon {
    transform: rotate(180deg);
  }
  /* Touch screens have no hover: the edit control shows, at a fingertip's size. */
  @media (hover: none) {
    .edit {
      width: 44px;
      height: 44px;
      opacity: 1;
    }
  }
  .note {
    align-self: center;
    max-width: 90%;
    font-size: 13px;
    color: var(--_muted);
    text-align: center;
  }
  .typing {
    align-self: flex-start;
    display: flex;
    gap: 4px;
    padding: 14px 16px;
    border-radius: var(--_radius);
    border-end-start-radius: 4px;
    background: var(--_surface);
  }
  .typing i {
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: var(--_muted);
    animation: blink 1.2s infinite ease-in-out;
  }
  .typing i:nth-child(2) {
    animation-delay: 0.15s;
  }
  .typing i:nth-child(3) {
    animation-delay: 0.3s;
  }
  @keyframes blink {
    0%,
    80%,
    100% {
      opacity: 0.3;
      transform: translateY(0);
    }
    40% {
      opacity: 1;
      transform: translateY(-3px);
    }
  }

  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  .md p,
  .md ul,
  .md ol,
  .md pre,
  .md blockquote,
  .md .table {
    margin: 0 0 8px;
  }
  .md ul,
  .md ol {
    padding-inline-start: 20px;
  }
  .md a {
    color: inherit;
    text-decoration: underline;
  }
  .md code {
    font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    background: rgb(15 23 42 / 0.07);
    padding: 1px 4px;
    border-radius: 4px;
  }
  .md pre {
    overflow-x: auto;
    padding: 8px 10px;
    background: rgb(15 23 42 / 0.07);
    border-radius: 8px;
  }
  .md pre code {
    padding: 0;
    background: none;
  }
  .md blockquote {
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_border);
  }
  .md .table {
    overflow-x: auto;
  }
  /* Cells break between words only: a wide table scrolls in its own box. */
  .md table {
    border-collapse: collapse;
    font-size: 14px;
    overflow-wrap: normal;
  }
  .md th,
  .md td {
    border: 1px solid var(--_border);
    padding: 4px 8px;
    text-align: start;
  }
  .md hr {
    border: 0;
    border-top: 1px solid var(--_border);
  }
`;
