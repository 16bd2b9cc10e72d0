import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../api/http-client.ts';
import './console-app.ts';
import type { ConsoleApp } from './console-app.ts';

const session = (role: string) => ({ user: { id: 'u1', email: `${role}@example.com`, role, workspace_id: 1 }, csrf_token: 'csrf-9', expires_at: '2030-01-01T00:00:00Z' });

/** A server answering the session check as `role` (or 401), every agent list empty, and recording the rest. */
function fakeServer(role: string | null) {
  const requests: { method: string; url: string; csrf: string | null }[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ method: init?.method ?? 'GET', url, csrf: new Headers(init?.headers).get('x-csrf-token') });
    if (url === '/v1/auth/session') return role ? Response.json(session(role)) : Response.json({ error: { code: 'unauthorized', message: 'Sign in' } }, { status: 401 });
    if (url === '/v1/auth/sign-out') return new Response(null, { status: 204 });
    if (url.startsWith('/v1/agents')) return Response.json({ agents: [], next_cursor: null });
    return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  };
  return { fetch, requests };
}

/** The inbox stream: `send` pushes an `inbox` event to whoever listens. */
function fakeInboxStream() {
  const listeners: ((event: MessageEvent<string>) => void)[] = [];
  const opened: string[] = [];
  return {
    opened,
    open: (url: string) => {
      opened.push(url);
      return { addEventListener: (_type: string, listener: (event: MessageEvent<string>) => void) => void listeners.push(listener), close: () => undefined } as unknown as EventSource;
    },
    send: (data: unknown) => listeners.forEach((l) => l(new MessageEvent('inbox', { data: JSON.stringify(data) }))),
  };
}

async function mount(path: string, server: ReturnType<typeof fakeServer>, stream = fakeInboxStream()): Promise<ConsoleApp> {
  history.replaceState(null, '', path);
  const app = document.createElement('parley-console') as ConsoleApp;
  app.fetcher = server.fetch;
  app.eventSource = stream.open;
  document.body.append(app);
  return app;
}

const shadow = (element: Element | null | undefined) => element?.shadowRoot ?? null;
const texts = (root: ParentNode | null, selector: string) => [...(root?.querySelectorAll(selector) ?? [])].map((e) => e.textContent?.trim());

afterEach(() => document.body.replaceChildren());

describe('<parley-console>', () => {
  it('asks a visitor to sign in, remembering the page they wanted', async () => {
    const app = await mount('/console/agents/agent_1a2b3c4d/versions', fakeServer(null));
    await vi.waitFor(() => expect(shadow(app)?.querySelector('pc-sign-in')).not.toBeNull());
    expect(location.pathname + location.search).toBe('/console/sign-in?next=%2Fconsole%2Fagents%2Fagent_1a2b3c4d%2Fversions');
    const signIn = shadow(shadow(app)?.querySelector('pc-sign-in'));
    await vi.waitFor(() => expect(texts(signIn, 'button')).toEqual(['Sign in']));
  });

  it('shows an admin every area, and an operator only what it may use', async () => {
    const admin = await mount('/console/agents', fakeServer('admin'));
    await vi.waitFor(() => expect(texts(shadow(admin), 'nav a')).toEqual(['Agents', 'Tests', 'Knowledge', 'Conversations', 'Inbox', 'Users', 'API keys', 'Webhooks', 'Workspace', 'Audit log', 'API docs']));
    admin.remove();

    const operator = await mount('/console/agents', fakeServer('operator'));
    await vi.waitFor(() => expect(texts(shadow(operator), 'nav a')).toEqual(['Agents', 'Tests', 'Knowledge', 'Conversations', 'Inbox', 'API docs']));
    const page = () => shadow(shadow(operator)?.querySelector('pc-agents-page'));
    // The page's code is loaded on first visit.
    await vi.waitFor(() => expect(texts(page(), 'p')).toContain('No agents yet.'), { timeout: 10_000 });
    expect(texts(page(), 'button')).not.toContain('New agent');
  });

  it('refuses a page the role may not open, saying which role it has', async () => {
    const app = await mount('/console/users', fakeServer('builder'));
    await vi.waitFor(() => expect(shadow(app)?.querySelector('main')?.textContent).toContain('This page needs another role than builder'));
  });

  it('signs out with the session’s CSRF token and returns to sign-in', async () => {
    const server = fakeServer('builder');
    const app = await mount('/console/agents', server);
    await vi.waitFor(() => expect(texts(shadow(app), 'header button')).toEqual(['Sign out']));
    shadow(app)?.querySelector<HTMLButtonElement>('header button')?.click();
    await vi.waitFor(() => expect(location.pathname).toBe('/console/sign-in'));
    expect(server.requests.find((r) => r.url === '/v1/auth/sign-out')).toEqual({ method: 'POST', url: '/v1/auth/sign-out', csrf: 'csrf-9' });
  });

  it('follows the inbox stream while signed in and shows its unread visitor messages beside Inbox', async () => {
    const stream = fakeInboxStream();
    const app = await mount('/console/agents', fakeServer('operator'), stream);
    await vi.waitFor(() => expect(stream.opened).toEqual(['/v1/inbox/events']));
    stream.send({ conversations: [], unread_total: 0 });
    await vi.waitFor(() => expect(texts(shadow(app), 'nav a')).toContain('Inbox'));
    stream.send({ conversations: [{ call_id: 'call_00000001', claim: null, agent: { name: 'Help desk' } }], unread_total: 3 });
    await vi.waitFor(() => expect(texts(shadow(app), 'nav a')).toContain('Inbox 3 unread'));
    // Something that is not a queue changes nothing.
    stream.send({ unread_total: 'many' });
    expect(texts(shadow(app), 'nav a')).toContain('Inbox 3 unread');
  });
});
