/**
 * The frame: theme variables, launcher, teaser, panel and header, the three modes and
 * the phone layout. Public knobs are `--parley-*` properties (see widget/README.md);
 * `--_*` are private. Shipped as a constructed stylesheet, so strict CSP is fine.
 */
import { css } from 'lit';

export const frameStyles = css`
  :host {
    display: contents;
  }
  :host([mode='inline']) {
    display: block;
    height: var(--parley-height, 560px);
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    --_accent: var(--parley-accent, var(--_agent-accent, #1d4ed8));
    --_on-accent: var(--parley-accent-text, var(--_agent-on-accent, #fff));
    --_font: var(--parley-font, var(--_agent-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif));
    --_radius: var(--parley-radius, var(--_agent-radius, 16px));
    --_bg: var(--parley-background, #fff);
    --_text: var(--parley-text, #111827);
    --_muted: var(--parley-muted, #4b5563);
    --_surface: var(--parley-surface, #f1f5f9);
    --_border: var(--parley-border, #e2e8f0);
    --_offset: var(--parley-offset, 20px);
    --_z: var(--parley-z-index, 2147483000);
    font: 15px/1.45 var(--_font);
    color: var(--_text);
    text-align: start;
    -webkit-font-smoothing: antialiased;
  }
  * {
    box-sizing: border-box;
  }
  .inline {
    height: 100%;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .icon {
    width: 20px;
    height: 20px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    flex: none;
  }
  [dir='rtl'] .flip {
    transform: scaleX(-1);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .launcher {
    position: fixed;
    z-index: var(--_z);
    inset-inline-end: var(--_offset);
    bottom: calc(var(--_offset) + env(safe-area-inset-bottom, 0px));
    width: 60px;
    height: 60px;
    border: 0;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 6px 20px rgb(15 23 42 / 0.25);
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.06);
  }
  .launcher:focus-visible {
    outline-offset: 3px;
  }
  .launcher .icon {
    width: 28px;
    height: 28px;
  }
  .badge {
    position: absolute;
    top: -4px;
    inset-inline-end: -4px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: #b91c1c;
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    border: 2px solid #fff;
  }
  .teaser {
    position: fixed;
    z-index: var(--_z);
    inset-inline-end: var(--_offset);
    bottom: calc(var(--_offset) + 76px);
    max-width: min(300px, calc(100vw - 2 * var(--_offset)));
    display: flex;
    align-items: flex-start;
    gap: 4px;
    padding-block: 12px;
    padding-inline: 16px 8px;
    background: var(--_bg);
    border-radius: var(--_radius);
    box-shadow: 0 8px 28px rgb(15 23 42 / 0.18);
    animation: rise 0.3s ease-out 0.8s both;
  }
  .teaser-text {
    all: unset;
    cursor: pointer;
    flex: 1;
  }

  .panel {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: var(--_bg);
    height: 100%;
  }
  .bubble .panel {
    position: fixed;
    z-index: var(--_z);
    inset-inline-end: var(--_offset);
    bottom: calc(var(--_offset) + 76px);
    width: min(var(--parley-panel-width, 380px), calc(100vw - 2 * var(--_offset)));
    height: min(var(--parley-panel-height, 640px), calc(100vh - var(--_offset) - 100px));
    border-radius: var(--_radius);
    box-shadow: 0 12px 48px rgb(15 23 42 / 0.22);
    animation: rise 0.2s ease-out;
  }
  .inline .panel {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  /* Full screen follows the visual viewport (viewport-controller.ts): with the on-screen
     keyboard open, the composer and the newest message stay above it. */
  .fullpage .panel {
    position: fixed;
    inset: var(--_vv-top, 0px) 0 auto;
    height: var(--_vv-height, 100%);
  }
  /* Phones with a notch: the header colour runs under the status bar. */
  .fullpage .panel,
  .bubble .panel {
    padding: 0 env(safe-area-inset-right, 0px) env(safe-area-inset-bottom, 0px) env(safe-area-inset-left, 0px);
  }
  .fullpage .header {
    padding-top: calc(12px + env(safe-area-inset-top, 0px));
  }
  /* Full page on a wide screen: one readable column, as in a messaging app. */
  .fullpage .panel > * {
    padding-inline: max(16px, calc((100% - 760px) / 2));
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(12px);
    }
  }
  /* Out the way it came in (reduced motion: gone at once, see close()). */
  .bubble .panel.closing {
    animation: fall 0.16s ease-in forwards;
  }
  @keyframes fall {
    to {
      opacity: 0;
      transform: translateY(12px);
    }
  }

  .header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding-block: 12px;
    padding-inline: 16px 10px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .avatar {
    width: 36px;
    height: 36px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-weight: 700;
    background: rgb(255 255 255 / 0.2);
    flex: none;
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  .title {
    margin: 0;
    font-size: 16px;
    font-weight: 650;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .subtitle {
    font-size: 13px;
    opacity: 0.9;
  }
  /* 44 px: a fingertip's target (WCAG 2.5.5). */
  .icon-button {
    width: 44px;
    height: 44px;
    display: grid;
    place-items: center;
    border: 0;
    border-radius: 50%;
    background: transparent;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 8px;
    padding: 12px 16px;
    border-bottom: 1px solid var(--_border);
    background: var(--_bg);
  }
  .confirm p {
    flex: 1 1 100%;
    margin: 0;
    font-weight: 600;
  }
  .header .icon-button:hover {
    background: rgb(255 255 255 / 0.16);
  }
  .header :focus-visible {
    outline-color: currentColor;
    outline-offset: -2px;
  }

  @media (max-width: 479.98px) {
    .bubble .panel {
      inset: var(--_vv-top, 0px) 0 auto;
      width: auto;
      height: var(--_vv-height, 100%);
      border-radius: 0;
    }
    .bubble .header {
      padding-top: calc(12px + env(safe-area-inset-top, 0px));
    }
    .bubble.open .launcher {
      display: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
