/**
 * Serves the console (`console/dist`, built by `npm run build:console`) at `/console`,
 * through the same static files as the widget (`static-files.ts`): brotli or gzip as the
 * browser accepts, a strong ETag and a 304 for a browser that has the file. Every
 * `/console/…` path that is not an asset answers the app's `index.html`, so a deep link
 * (`/console/agents/agent_1a2b3c4d/workflow`) works after a reload: the app reads the path
 * and draws that page. Assets carry a content hash in their names and are kept by
 * browsers for a year; the page itself is revalidated every time, under the demo pages'
 * strict policy (nothing inline, nothing from elsewhere) and with no referrer, so a
 * set-password or share link's token never leaves in a `Referer`.
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { STRICT_CSP } from './demo-routes.ts';
import { createStaticFiles } from './static-files.ts';

export interface ConsoleRoutesOptions {
  /** The folder holding `index.html` and `assets/` (`console/dist`). */
  consoleDir: string;
  /** Whether a share link's token is live: its page answers 404 (and says so) otherwise. */
  shareLinks?: { isLive(token: string): Promise<boolean> };
}

/** Vite's output names: `index-Bx3k9a_Z.js`; nothing with a slash or two dots gets through. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|map)$/;

const PAGE_HEADERS = {
  'content-security-policy': STRICT_CSP,
  'referrer-policy': 'no-referrer',
};

export function createConsoleRoutes(options: ConsoleRoutesOptions) {
  if (!options.consoleDir) throw new Error('createConsoleRoutes: consoleDir is required');
  // Everything Vite writes under assets/ is named by its content.
  const files = createStaticFiles({ root: options.consoleDir, immutable: (path) => path.startsWith('assets/') });
  const app = new Hono<AppEnv>();

  app.get('/console/assets/:file', async (c) => {
    const file = c.req.param('file');
    const response = ASSET_NAME.test(file) ? await files.respond(c, `assets/${file}`) : null;
    return response ?? c.text('Not found', 404);
  });

  /** `index.html` under the page's headers; 503 with the way out when the console is not built. */
  async function page(c: Context<AppEnv>, conditional = true): Promise<Response> {
    const response = await files.respond(c, 'index.html', { conditional });
    if (!response) throw new DomainError('console_not_built', 'The console is not built: run `npm run build:console` (`npm start` does).');
    for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
    return response;
  }

  // A shared session's page: the same app, but a dead link is a real 404 (the app says
  // why). Never cached nor revalidated, so a revoked link is never answered from a cache.
  app.get('/console/share/:token', async (c) => {
    const live = options.shareLinks ? await options.shareLinks.isLive(c.req.param('token')) : false;
    const response = await page(c, false);
    const headers = new Headers(response.headers);
    headers.set('cache-control', 'no-store');
    headers.set('x-robots-tag', 'noindex');
    headers.delete('etag');
    return new Response(response.body, { status: live ? 200 : 404, headers });
  });
  app.get('/console', (c) => page(c));
  app.get('/console/*', (c) => page(c));
  return app;
}
