/**
 * `<parley-console>`: the app shell. It checks the session on load, shows the sign-in
 * pages to a visitor and the navigation of their role to a signed-in user, and mounts
 * the page of the current path (its code loaded on first visit).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { createAuthClient } from '../api/auth-client.ts';
import type { AuthSession } from '../api/auth-session.ts';
import { createHttpClient, type FetchLike, type HttpClient } from '../api/http-client.ts';
import '../pages/set-password-page.ts';
import '../pages/sign-in-page.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { shellStyles } from '../styles/shell-styles.ts';
import type { ConsoleContext } from './console-context.ts';
import { InboxFeed, type EventSourceFactory } from './inbox-feed.ts';
import { isPage, PAGES, titleOf } from './page-loaders.ts';
import { can, type Ability } from './roles.ts';
import { RouterController } from './router.ts';
import { abilityFor, BASE, pathOf, type Route } from './routes.ts';
import { SessionController } from './session-controller.ts';

interface NavItem {
  label: string;
  href: string;
  ability: Ability;
  current: (route: Route) => boolean;
}

const NAV: readonly NavItem[] = [
  { label: 'Agents', href: `${BASE}/agents`, ability: 'agents.read', current: (r) => r.name === 'agents' || r.name === 'agent' || r.name === 'replay' },
  { label: 'Tests', href: `${BASE}/tests`, ability: 'agents.read', current: (r) => r.name === 'tests' || r.name === 'test-run' || r.name === 'test-json' || r.name === 'test-edit' || r.name === 'test-new' },
  { label: 'Knowledge', href: `${BASE}/knowledge`, ability: 'agents.read', current: (r) => r.name === 'knowledge' || r.name === 'knowledge-base' },
  { label: 'Conversations', href: `${BASE}/conversations`, ability: 'conversations', current: (r) => r.name === 'conversations' || r.name === 'conversation' },
  { label: 'Inbox', href: `${BASE}/inbox`, ability: 'inbox', current: (r) => r.name === 'inbox' },
  { label: 'Users', href: `${BASE}/users`, ability: 'users', current: (r) => r.name === 'users' },
  { label: 'API keys', href: `${BASE}/api-keys`, ability: 'api-keys', current: (r) => r.name === 'api-keys' },
  { label: 'Webhooks', href: `${BASE}/webhooks`, ability: 'webhooks', current: (r) => r.name === 'webhooks' },
  { label: 'Workspace', href: `${BASE}/settings`, ability: 'settings', current: (r) => r.name === 'settings' },
  { label: 'Audit log', href: `${BASE}/audit-log`, ability: 'audit-log', current: (r) => r.name === 'audit-log' },
];

export class ConsoleApp extends LitElement {
  static override styles = [baseStyles, shellStyles];
  static override properties = { notice: { state: true }, loadProblem: { state: true } };

  declare notice: string;
  declare loadProblem: string | null;

  /** The `fetch` the console uses; tests may replace it before connecting. */
  fetcher: FetchLike = (input, init) => fetch(input, init);
  /** How the console opens an event stream (the inbox's); tests may replace it before connecting. */
  eventSource: EventSourceFactory = (url) => new EventSource(url);

  private readonly router = new RouterController(this);
  private readonly session = new SessionController(this);
  private readonly inbox = new InboxFeed(this, (url) => this.eventSource(url));
  private readonly http: HttpClient;
  private readonly auth;
  private page: { name: string; element: HTMLElement } | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private routeChanged = false;

  constructor() {
    super();
    this.notice = '';
    this.loadProblem = null;
    this.http = createHttpClient({
      fetch: (input, init) => this.fetcher(input, init),
      csrfToken: () => this.session.csrfToken,
      onUnauthorized: () => this.session.lost(),
    });
    this.auth = createAuthClient(this.http);
    this.session.useClient(this.auth);
    this.addEventListener('pc-signed-in', (event) => this.signedIn((event as CustomEvent<AuthSession>).detail));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.session.check();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const route = this.router.route;
    document.title = titleOf(route);
    const state = this.session.state;
    // The inbox stream follows whoever is signed in (the nav's unread badge), on every page.
    if (state.status === 'signed-in' && can(state.session.user.role, 'inbox')) this.inbox.start();
    else this.inbox.stop();
    const needs = abilityFor(route);
    if (state.status === 'signed-out' && needs !== 'public') {
      const next = `${location.pathname}${location.search}`;
      this.router.navigate(pathOf({ name: 'sign-in', next: next.startsWith(`${BASE}/`) ? next : null }), { replace: true });
    } else if (state.status === 'signed-in' && route.name === 'sign-in') {
      this.router.navigate(route.next ?? `${BASE}/agents`, { replace: true });
    }
  }

  override render() {
    const state = this.session.state;
    const route = this.router.route;
    // A share link is read by anyone, signed in or not, without the console around it.
    if (route.name === 'share') return this.sharedView(route.token);
    if (state.status === 'checking') return html`<p class="loading" role="status">Loading the console…</p>`;
    if (route.name === 'set-password') return html`<pc-set-password .auth=${this.auth} .token=${route.token}></pc-set-password>`;
    if (state.status === 'signed-out' || route.name === 'sign-in') {
      return html`${this.session.problem ? html`<p class="error banner" role="alert">${this.session.problem}</p>` : nothing}
        <pc-sign-in .auth=${this.auth} ?expired=${state.status === 'signed-out' && state.expired}></pc-sign-in>`;
    }
    const { user } = state.session;
    const needs = abilityFor(route);
    const allowed = needs === 'signed-in' || needs === 'public' || can(user.role, needs);
    return html`
      <a class="skip" href="#main" @click=${this.skipToMain}>Skip to content</a>
      <header class="top">
        <a class="brand" href="${BASE}/agents">Parley</a>
        <nav aria-label="Main">
          <ul>
            ${NAV.filter((item) => can(user.role, item.ability)).map(
              (item) => html`<li><a href=${item.href} aria-current=${item.current(route) ? 'page' : 'false'}>${item.label}${item.ability === 'inbox' ? this.unreadBadge() : nothing}</a></li>`,
            )}
            <li><a href="/docs">API docs</a></li>
          </ul>
        </nav>
        <span class="spacer"></span>
        <span class="who"><span class="email">${user.email}</span> <span class="badge">${user.role}</span></span>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </header>
      <main id="main" tabindex="-1">
        ${allowed ? this.pageView(route) : html`<h1>Not allowed</h1><p>This page needs another role than <strong>${user.role}</strong>. Ask an admin.</p>`}
      </main>
      <p class="notice" role="status" aria-live="polite">${this.notice}</p>
    `;
  }

  protected override updated(): void {
    if (this.routeChanged) {
      this.routeChanged = false;
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    }
  }

  /** The inbox's unread visitor messages beside its nav link; nothing when there are none. */
  private unreadBadge() {
    const unread = this.inbox.latest?.unreadTotal ?? 0;
    return unread > 0 ? html` <span class="count">${unread}<span class="visually-hidden"> unread</span></span>` : nothing;
  }

  /** The page element of the route, created once per page and given the route on every change. */
  private pageView(route: Route) {
    if (route.name === 'not-found') return html`<h1>Not found</h1><p>Nothing lives at <code>${route.path}</code>. <a href="${BASE}/agents">Go to the agents</a>.</p>`;
    if (!isPage(route.name)) return nothing;
    const { tag, load } = PAGES[route.name];
    if (this.page?.name !== route.name) {
      if (this.page) this.routeChanged = true;
      this.page = { name: route.name, element: document.createElement(tag) };
      load().catch((error: unknown) => {
        this.loadProblem = `This page could not be loaded (${error instanceof Error ? error.message : String(error)}): reload to try again.`;
      });
    }
    Object.assign(this.page.element, { ctx: this.context(), route });
    if (this.loadProblem) return html`<p class="error" role="alert">${this.loadProblem}</p>`;
    return html`${this.page.element}`;
  }

  /** The shared session's page, its code loaded on first visit like any page. */
  private sharedView(token: string) {
    if (this.page?.name !== 'share') {
      this.page = { name: 'share', element: document.createElement('pc-shared-session') };
      import('../share/shared-session-page.ts').catch((error: unknown) => {
        this.loadProblem = `This page could not be loaded (${error instanceof Error ? error.message : String(error)}): reload to try again.`;
      });
    }
    Object.assign(this.page.element, { http: this.http, token });
    if (this.loadProblem) return html`<p class="error" role="alert">${this.loadProblem}</p>`;
    return html`<main id="main">${this.page.element}</main>`;
  }

  private context(): ConsoleContext {
    const state = this.session.state;
    if (state.status !== 'signed-in') throw new Error('context() needs a signed-in user');
    const user = state.session.user;
    return {
      http: this.http,
      user,
      can: (ability) => can(user.role, ability),
      navigate: (path, options) => this.router.navigate(path, options),
      announce: (message) => this.announce(message),
      inbox: this.inbox,
    };
  }

  private announce(message: string): void {
    this.notice = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = ''), 6000);
  }

  private signedIn(session: AuthSession): void {
    this.session.adopt(session);
    const route = this.router.route;
    this.router.navigate(route.name === 'sign-in' && route.next ? route.next : `${BASE}/agents`, { replace: true });
  }

  private async signOut(): Promise<void> {
    await this.session.signOut().catch(() => undefined);
    this.page = undefined;
    this.router.navigate(`${BASE}/sign-in`, { replace: true });
  }

  private skipToMain(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }
}

customElements.define('parley-console', ConsoleApp);
