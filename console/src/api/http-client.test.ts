import { describe, expect, it, vi } from 'vitest';
import { authSessionParser } from './auth-session.ts';
import { ApiError, createHttpClient, type FetchLike } from './http-client.ts';

function recorder(answer: () => Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return answer();
  };
  return { calls, fetch };
}

const headersOf = (init: RequestInit | undefined) => new Headers(init?.headers);

describe('the console HTTP client', () => {
  it('sends the session’s CSRF token with every write and every text-chat call, never with another read', async () => {
    const { calls, fetch } = recorder(() => Response.json({ ok: true }));
    const http = createHttpClient({ fetch, csrfToken: () => 'csrf-1' });
    const passThrough = { parse: (v: unknown) => v };
    await http.get('/v1/agents', passThrough);
    await http.post('/v1/agents', { name: 'A' }, passThrough);
    await http.patch('/v1/agents/a', { name: 'B' }, passThrough);
    await http.write('DELETE', '/v1/agents/a');
    await http.get('/workflow/agent_1/text-chat/sessions/1', passThrough);
    expect(calls.map((c) => [c.init?.method, headersOf(c.init).get('x-csrf-token')])).toEqual([
      ['GET', null],
      ['POST', 'csrf-1'],
      ['PATCH', 'csrf-1'],
      ['DELETE', 'csrf-1'],
      ['GET', 'csrf-1'],
    ]);
    expect(calls[1]?.init?.credentials).toBe('same-origin');
    expect(calls[1]?.init?.body).toBe('{"name":"A"}');
  });

  it('sends an upload as the form itself, leaving its multipart content type to the browser, with the CSRF token', async () => {
    const { calls, fetch } = recorder(() => Response.json({ ok: true }));
    const http = createHttpClient({ fetch, csrfToken: () => 'csrf-1' });
    const form = new FormData();
    form.set('title', 'Returns');
    await http.upload('/v1/knowledge-bases/kb_1/documents', form, { parse: (v: unknown) => v });
    expect(calls[0]?.init?.body).toBe(form);
    expect(headersOf(calls[0]?.init).get('content-type')).toBeNull();
    expect(headersOf(calls[0]?.init).get('x-csrf-token')).toBe('csrf-1');
  });

  it('turns the error envelope into an ApiError with the problems by path', async () => {
    const body = { error: { code: 'invalid_request', message: 'body.name: Required', details: [{ path: 'body.name', message: 'Required' }] } };
    const { fetch } = recorder(() => Response.json(body, { status: 400 }));
    const error = await createHttpClient({ fetch, csrfToken: () => null }).post('/v1/agents', {}, { parse: (v) => v }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'body.name: Required', details: [{ path: 'body.name', message: 'Required' }] });
  });

  it('says the session is gone on a 401 from the API, but not from sign-in itself', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = recorder(() => Response.json({ error: { code: 'unauthorized', message: 'Sign in' } }, { status: 401 }));
    const http = createHttpClient({ fetch, csrfToken: () => null, onUnauthorized });
    await http.get('/v1/agents', { parse: (v) => v }).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await http.post('/v1/auth/sign-in', {}, authSessionParser).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('names a server that did not answer, and an answer that is not JSON', async () => {
    const down = createHttpClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), csrfToken: () => null });
    await expect(down.get('/v1/agents', { parse: (v) => v })).rejects.toMatchObject({ status: 0, code: 'network_error' });
    const proxy = createHttpClient({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }), csrfToken: () => null });
    await expect(proxy.get('/v1/agents', { parse: (v) => v })).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'The server answered 502 Bad Gateway' });
  });

  it('checks a session answer before trusting it', () => {
    const good = { user: { id: 1, email: 'a@example.com', role: 'builder', workspace_id: 1, extra: true }, csrf_token: 't', expires_at: '2026-01-01T00:00:00Z' };
    expect(authSessionParser.parse(good).user).toEqual({ id: 1, email: 'a@example.com', role: 'builder', workspace_id: 1 });
    expect(() => authSessionParser.parse({ ...good, user: { ...good.user, role: 'owner' } })).toThrow('Unexpected user from the server');
    expect(() => authSessionParser.parse({ user: good.user })).toThrow('Unexpected session from the server');
  });
});
