import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { handleError } from './error-handler.ts';
import { createWidgetRoutes } from './widget-routes.ts';

function appWith(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-routes-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const app = new Hono<AppEnv>().route('/', createWidgetRoutes({ widgetDir: dir }));
  app.onError(handleError);
  return { app, dir };
}

describe('widget routes', () => {
  it('serves widget.js and widget.mjs as JavaScript any site may load', async () => {
    const { app } = appWith({ 'widget.js': 'var ParleyWidget=1;', 'widget.mjs': 'export{};' });
    for (const [path, body] of [['/widget.js', 'var ParleyWidget=1;'], ['/widget.mjs', 'export{};']] as const) {
      const res = await app.request(path, { headers: { origin: 'https://shop.example' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(body);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=300/);
      expect(res.headers.get('etag')).toMatch(/^".+"$/);
    }
  });

  it('answers 304 when the browser already has this build, and a new ETag after a rebuild', async () => {
    const { app, dir } = appWith({ 'widget.js': 'one' });
    const etag = (await app.request('/widget.js')).headers.get('etag') ?? '';
    const again = await app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    writeFileSync(join(dir, 'widget.js'), 'two, rebuilt');
    const rebuilt = await app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toBe('two, rebuilt');
    expect(rebuilt.headers.get('etag')).not.toBe(etag);
  });

  it('reads a list of ETags, and a long run of spaces in one at once', async () => {
    const { app } = appWith({ 'widget.js': 'one' });
    const etag = (await app.request('/widget.js')).headers.get('etag') ?? '';
    expect((await app.request('/widget.js', { headers: { 'if-none-match': `"old" ,  W/${etag}` } })).status).toBe(304);
    // `/\s*,\s*/` took n² steps on this: over a minute.
    expect((await app.request('/widget.js', { headers: { 'if-none-match': `"a${' '.repeat(300_000)}b"` } })).status).toBe(200);
  });

  it('says how to build the bundle when it is missing', async () => {
    const { app } = appWith({});
    const res = await app.request('/widget.js');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'widget_not_built', message: 'The widget bundle is not built: run `npm run build:widget`.' } });
  });

  it('refuses to be built without a folder', () => {
    expect(() => createWidgetRoutes({ widgetDir: '' })).toThrow(/widgetDir/);
  });
});

describe('widget routes on the wire', () => {
  it('sends the bundle brotli-compressed to browsers that accept it, and answers 304 to any encoding the browser has', async () => {
    const script = `var ParleyWidget=${JSON.stringify('x'.repeat(2000))};`;
    const { app } = appWith({ 'widget.js': script });
    const res = await app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(script);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');

    const again = await app.request('/widget.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toMatch(/^public, max-age=300/);
  });
});
