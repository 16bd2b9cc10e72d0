/**
 * The console's history router, as a reactive controller: the host re-renders when the
 * location changes, by a link click, `navigate()`, or the browser's back and forward.
 * Links are plain `<a href="/console/…">` (so they open in a new tab too); a plain left
 * click on one is taken over here, wherever it sits in a shadow root.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BASE, routeOf, type Route } from './routes.ts';

export class RouterController implements ReactiveController {
  route: Route;

  constructor(private readonly host: ReactiveControllerHost & EventTarget) {
    host.addController(this);
    this.route = routeOf(location.pathname, location.search);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onPopState);
    window.addEventListener('click', this.onClick);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onPopState);
    window.removeEventListener('click', this.onClick);
  }

  /** Goes to `path`; `replace` for redirects, which Back should skip. */
  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.update();
  }

  private update(): void {
    this.route = routeOf(location.pathname, location.search);
    this.host.requestUpdate();
  }

  private readonly onPopState = () => this.update();

  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (anchor.pathname !== BASE && !anchor.pathname.startsWith(`${BASE}/`)) return;
    event.preventDefault();
    if (`${anchor.pathname}${anchor.search}` !== `${location.pathname}${location.search}`) this.navigate(`${anchor.pathname}${anchor.search}${anchor.hash}`);
  };
}
