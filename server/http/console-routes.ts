/**
 * Serves the console (`console/dist`, built by `npm run build:console`) at `/console`.
 * Every `/console/…` path that is not an asset answers the app's `index.html`, so a deep
 * link (`/console/agents/agent_1a2b3c4d/workflow`) works after a reload: the app reads
 * the path and draws that page. Assets carry a content hash in their names and are kept
 * by browsers for a year; the page itself is revalidated every time, under the demo
 * pages' strict policy (nothing inline, nothing from elsewhere) and with no referrer, so
 * a set-password link's token never leaves in a `Referer`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { STRICT_CSP } from './demo-routes.ts';

export interface ConsoleRoutesOptions {
  /** The folder holding `index.html` and `assets/` (`console/dist`). */
  consoleDir: string;
  /** Whether a share link's token is live: its page answers 404 (and says so) otherwise. */
  shareLinks?: { isLive(token: string): Promise<boolean> };
}

const ASSET_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
};

/** Vite's output names: `index-Bx3k9a_Z.js`; nothing with a slash or two dots gets through. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|map)$/;

const PAGE_HEADERS = {
  'content-security-policy': STRICT_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export function createConsoleRoutes(options: ConsoleRoutesOptions) {
  if (!options.consoleDir) throw new Error('createConsoleRoutes: consoleDir is required');
  let page: { mtimeMs: number; html: string; etag: string } | undefined;

  /** `index.html`, re-read only when a rebuild changed it. */
  async function indexPage() {
    const path = join(options.consoleDir, 'index.html');
    const info = await stat(path).catch(() => null);
    if (!info) throw new DomainError('console_not_built', 'The console is not built: run `npm run build:console` (`npm start` does).');
    if (page?.mtimeMs !== info.mtimeMs) {
      const html = await readFile(path, 'utf8');
      page = { mtimeMs: info.mtimeMs, html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
    }
    return page;
  }

  const app = new Hono<AppEnv>();

  app.get('/console/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSET_NAME.exec(file)?.[2];
    const body = type ? await readFile(join(options.consoleDir, 'assets', file)).catch(() => null) : null;
    if (!type || !body) return c.text('Not found', 404);
    return c.body(new Uint8Array(body), 200, {
      'content-type': ASSET_TYPES[type] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  const servePage = async (c: Context<AppEnv>) => {
    const { html, etag } = await indexPage();
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ...PAGE_HEADERS, etag });
    return c.html(html, 200, { ...PAGE_HEADERS, etag });
  };
  // A shared session's page: the same app, but a dead link is a real 404 (the app says why), never cached.
  app.get('/console/share/:token', async (c) => {
    const live = options.shareLinks ? await options.shareLinks.isLive(c.req.param('token')) : false;
    const { html } = await indexPage();
    return c.html(html, live ? 200 : 404, { ...PAGE_HEADERS, 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  });
  app.get('/console', servePage);
  app.get('/console/*', servePage);
  return app;
}
