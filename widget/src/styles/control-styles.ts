/** Under the transcript: quick replies, notices, the ended footer, the composer and the keypad. */
import { css } from 'lit';

export const controlStyles = css`
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 0 16px 12px;
    background: var(--parley-log-background, #f8fafc);
  }
  .choice {
    min-height: 44px;
    padding: 7px 16px;
    border: 1.5px solid var(--_accent);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_accent);
    font-weight: 600;
    font-size: 14px;
  }
  .choice:hover {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .notice {
    padding: 8px 16px;
    font-size: 13px;
    background: #fef2f2;
    color: #991b1b;
    border-top: 1px solid #fecaca;
  }
  .footer {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 10px;
    padding: 14px 16px;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 14px;
  }
  .primary {
    padding: 9px 18px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  .composer {
    margin: 0;
    padding: 10px 12px;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  .editing {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0 4px 6px;
    font-size: 13px;
    color: var(--_muted);
  }
  /* A visible box around the text (3:1 against white), the accent's ring when focused. */
  .field {
    display: flex;
    align-items: flex-end;
    gap: 6px;
    padding: 2px;
    padding-inline-start: 14px;
    border: 1px solid var(--parley-input-border, #8a93a3);
    border-radius: 24px;
    background: var(--_bg);
  }
  .field:focus-within {
    border-color: var(--_accent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  /* 16 px: smaller text makes iOS zoom the page when the box takes focus. */
  .composer textarea {
    flex: 1;
    min-width: 0;
    min-height: 44px;
    max-height: 140px;
    field-sizing: content;
    resize: none;
    padding: 11px 0;
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 16px;
    line-height: 22px;
  }
  .composer textarea:focus-visible {
    outline: 0;
  }
  /* An .icon-button (frame styles) filled with the accent. */
  .send {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .send:disabled {
    background: var(--_surface);
    color: #64748b;
    cursor: default;
  }

  .keypad {
    padding: 12px 16px 16px;
    border-top: 1px solid var(--_border);
    text-align: center;
  }
  .keypad-prompt {
    margin: 0 0 8px;
    font-weight: 600;
  }
  .keypad-digits {
    min-height: 32px;
    margin-bottom: 10px;
    font: 600 22px/32px ui-monospace, monospace;
    letter-spacing: 4px;
  }
  /* A phone keypad reads left to right in every language. */
  .keys,
  .keypad-digits {
    direction: ltr;
  }
  .keys {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 8px;
    max-width: 260px;
    margin: 0 auto 10px;
  }
  .key {
    height: 46px;
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_bg);
    font-size: 20px;
    font-weight: 600;
  }
  .key:hover {
    background: var(--_surface);
  }
  .keypad-actions {
    display: flex;
    justify-content: center;
    gap: 8px;
  }
`;
