/**
 * Keeps the full-screen chat (a phone's bubble, full-page mode) inside what the visitor
 * can see. When the on-screen keyboard opens, browsers shrink the visual viewport but not
 * the layout viewport a `position: fixed` panel fills, so the composer and the newest
 * message would hide behind the keyboard. The visual viewport's height and offset go into
 * `--_vv-height` and `--_vv-top`, which the full-screen layouts read (CSSOM, so strict CSP
 * allows it), and `onChange` lets the element keep the newest message in view.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ViewportController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const viewport = globalThis.visualViewport;
    viewport?.addEventListener('resize', this.sync);
    viewport?.addEventListener('scroll', this.sync);
    this.sync();
  }

  hostDisconnected(): void {
    globalThis.visualViewport?.removeEventListener('resize', this.sync);
    globalThis.visualViewport?.removeEventListener('scroll', this.sync);
  }

  private sync = (): void => {
    const viewport = globalThis.visualViewport;
    const { style } = this.host;
    // Pinch-zoomed, the visitor looks at part of the page on purpose: the layout stays.
    if (!viewport || Math.abs(viewport.scale - 1) > 0.01) {
      style.removeProperty('--_vv-height');
      style.removeProperty('--_vv-top');
    } else {
      style.setProperty('--_vv-height', `${viewport.height}px`);
      style.setProperty('--_vv-top', `${viewport.offsetTop}px`);
    }
    this.onChange();
  };
}
