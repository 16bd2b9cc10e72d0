import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { pickEncoding } from './accept-encoding.ts';
import { createStaticFiles, IMMUTABLE, type StaticFilesOptions } from './static-files.ts';

const SCRIPT = `console.log(${JSON.stringify('a widget, long enough to be worth compressing. '.repeat(40))});`;

function serve(files: Record<string, string | Uint8Array>, options: Partial<StaticFilesOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'parley-static-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), body);
  }
  const static_ = createStaticFiles({ root, ...options });
  const app = new Hono().get('/*', async (c) => (await static_.respond(c, c.req.query('raw') ?? c.req.path.slice(1))) ?? c.text('none', 404));
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  return { root, get };
}

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('static files', () => {
  it('sends brotli to a browser that accepts it, gzip to one that only takes gzip, and the file itself otherwise', async () => {
    const { get } = serve({ 'app.js': SCRIPT });
    const br = await get('/app.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(br)).toString()).toBe(SCRIPT);
    expect(br.headers.get('vary')).toBe('Accept-Encoding');

    const gz = await get('/app.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(SCRIPT);

    const plain = await get('/app.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Three representations, three strong ETags.
    expect(new Set([br, gz, plain].map((r) => r.headers.get('etag'))).size).toBe(3);
  });

  it("sends the build's own .br and .gz files when they hold this very file, and ignores stale ones", async () => {
    const marker = brotliCompressSync(Buffer.from(SCRIPT), {});
    const { get, root } = serve({ 'app.js': SCRIPT, 'app.js.br': marker, 'app.js.gz': gzipSync(SCRIPT, { level: 1 }) });
    expect(await bytes(await get('/app.js', { 'accept-encoding': 'br' }))).toEqual(new Uint8Array(marker));
    expect(await bytes(await get('/app.js', { 'accept-encoding': 'gzip' }))).toEqual(new Uint8Array(gzipSync(SCRIPT, { level: 1 })));

    // A rebuild that left the old compressed copies behind: they are not this file.
    const rebuilt = SCRIPT.replace('a widget', 'the rebuilt widget');
    writeFileSync(join(root, 'app.js'), rebuilt);
    expect(brotliDecompressSync(await bytes(await get('/app.js', { 'accept-encoding': 'br' }))).toString()).toBe(rebuilt);
    expect(gunzipSync(await bytes(await get('/app.js', { 'accept-encoding': 'gzip' }))).toString()).toBe(rebuilt);
  });

  it('answers 304 to a browser holding any encoding of this version, and 200 after a rebuild', async () => {
    const { get, root } = serve({ 'app.js': SCRIPT });
    const etag = (await get('/app.js', { 'accept-encoding': 'gzip' })).headers.get('etag') ?? '';
    const again = await get('/app.js', { 'accept-encoding': 'br, gzip', 'if-none-match': `"other", W/${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toMatch(/-br"$/);
    expect(await again.text()).toBe('');

    writeFileSync(join(root, 'app.js'), `${SCRIPT}//2`);
    expect((await get('/app.js', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200);
  });

  it('caches content-hashed files for a year and revalidates the others', async () => {
    const { get } = serve({ 'index.html': '<!doctype html>', 'assets/index-BZ8Xl3_u.js': SCRIPT, 'assets/logo.svg': '<svg/>' });
    expect((await get('/assets/index-BZ8Xl3_u.js')).headers.get('cache-control')).toBe(IMMUTABLE);
    expect((await get('/index.html')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/logo.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves images alone and tiny files uncompressed', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...new Array(200).fill(0)]);
    const { get } = serve({ 'a.png': png, 'tiny.js': '1' });
    const image = await get('/a.png', { 'accept-encoding': 'br, gzip' });
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(image.headers.get('vary')).toBeNull();
    expect(await bytes(image)).toEqual(png);
    expect((await get('/tiny.js', { 'accept-encoding': 'br' })).headers.get('content-encoding')).toBeNull();
  });

  it('finds nothing outside its folder, in dotfiles, or of an unknown type', async () => {
    const { get } = serve({ 'app.js': SCRIPT, '.env': 'SECRET=1', 'notes.exe': 'x' });
    for (const path of ['/.env', '/notes.exe', '/app.js.br', '/missing.js', '/assets/', '/']) {
      expect((await get(path)).status, path).toBe(404);
    }
    // Paths as a caller might pass them undecoded or unnormalized.
    for (const raw of ['../etc/passwd', 'a/../app.js', './app.js', '/app.js', 'a\\..\\app.js', 'app.js\0', '']) {
      expect((await get(`/x?raw=${encodeURIComponent(raw)}`)).status, raw).toBe(404);
    }
  });

  it('refuses to be built without a folder', () => {
    expect(() => createStaticFiles({ root: '' })).toThrow(/root/);
  });
});

describe('choosing an encoding', () => {
  it('follows q-values and wildcards', () => {
    expect(pickEncoding('gzip, deflate, br;q=0.9')).toBe('br');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding('BR')).toBe('br');
    expect(pickEncoding('br', ['gzip'])).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('x-gzip')).toBe('gzip');
    expect(pickEncoding('gzip;q=abc')).toBe('identity');
  });
});
