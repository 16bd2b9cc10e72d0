import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { STRICT_CSP } from './demo-routes.ts';
import { handleError } from './error-handler.ts';
import { createConsoleRoutes } from './console-routes.ts';

const INDEX = '<!doctype html><script type="module" src="/console/assets/index-Ab12_x.js"></script>';

function appWith(files: Record<string, string>, live: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-routes-'));
  mkdirSync(join(dir, 'assets'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const shareLinks = { isLive: async (token: string) => live.includes(token) };
  const app = new Hono<AppEnv>().route('/', createConsoleRoutes({ consoleDir: dir, shareLinks }));
  app.onError(handleError);
  return { app, dir };
}

describe('console routes', () => {
  it('answers the app page for /console and every deep link under it, under the strict policy and with no referrer', async () => {
    const { app } = appWith({ 'index.html': INDEX });
    for (const path of ['/console', '/console/', '/console/agents/agent_1a2b3c4d/workflow', '/console/set-password?token=abc']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('answers 304 for a page the browser has, and the new page after a rebuild', async () => {
    const { app, dir } = appWith({ 'index.html': INDEX });
    const etag = (await app.request('/console')).headers.get('etag') ?? '';
    expect((await app.request('/console/agents', { headers: { 'if-none-match': etag } })).status).toBe(304);
    writeFileSync(join(dir, 'index.html'), `${INDEX}<!-- rebuilt -->`);
    const rebuilt = await app.request('/console/agents', { headers: { 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toContain('rebuilt');
  });

  it('serves hashed assets with their type, kept for a year', async () => {
    const { app } = appWith({ 'index.html': INDEX, 'assets/index-Ab12_x.js': 'export{};', 'assets/index-Zz9.css': 'body{}' });
    const js = await app.request('/console/assets/index-Ab12_x.js');
    expect(js.status).toBe(200);
    expect(await js.text()).toBe('export{};');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/console/assets/index-Zz9.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for an asset it does not have, and never reads outside assets/', async () => {
    const { app } = appWith({ 'index.html': INDEX, 'secret.js': 'no' });
    expect((await app.request('/console/assets/missing-1.js')).status).toBe(404);
    expect((await app.request('/console/assets/..%2Fsecret.js')).status).toBe(404);
    expect((await app.request('/console/assets/readme.txt')).status).toBe(404);
  });

  it('sends the page and its assets compressed as the browser accepts, each encoding with its own ETag', async () => {
    const script = `export const big = ${JSON.stringify('console '.repeat(500))};`;
    const { app } = appWith({ 'index.html': INDEX + '<!--' + ' '.repeat(2000) + '-->', 'assets/index-Ab12_x.js': script });
    const br = await app.request('/console/agents', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-security-policy')).toBe(STRICT_CSP);
    const gzip = await app.request('/console/assets/index-Ab12_x.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('etag')).not.toBe(br.headers.get('etag'));
    expect((await app.request('/console/assets/index-Ab12_x.js', { headers: { 'if-none-match': gzip.headers.get('etag') ?? '' } })).status).toBe(304);
  });

  it("answers a share link's page 200 while the link lives and 404 once it does not, never from a cache", async () => {
    const { app } = appWith({ 'index.html': INDEX }, ['Live1']);
    const etag = (await app.request('/console')).headers.get('etag') ?? '';
    for (const [token, status] of [['Live1', 200], ['Dead1', 404]] as const) {
      const res = await app.request(`/console/share/${token}`, { headers: { 'if-none-match': etag } });
      expect(res.status, token).toBe(status);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('says how to build the console when it is not built', async () => {
    const { app } = appWith({});
    const res = await app.request('/console/agents');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'console_not_built', message: 'The console is not built: run `npm run build:console` (`npm start` does).' } });
  });
});
