/**
 * Serves the widget bundle built by `npm run build:widget`: `GET /widget.js` (IIFE, for
 * the script tag) and `GET /widget.mjs` (ESM). Any site may load it, so it is sent with
 * CORS `*` and `Cross-Origin-Resource-Policy: cross-origin`; the URL is not versioned,
 * so browsers keep it five minutes and then revalidate with the ETag.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { etagOf, isNotModified } from './etag.ts';

export interface WidgetRoutesOptions {
  /** The folder holding `widget.js` and `widget.mjs` (`widget/dist`). */
  widgetDir: string;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

const FILES = ['widget.js', 'widget.mjs'] as const;

export function createWidgetRoutes(options: WidgetRoutesOptions) {
  if (!options.widgetDir) throw new Error('createWidgetRoutes: widgetDir is required');
  const cache = new Map<string, CachedFile>();

  /** The file, re-read only when a rebuild changed it. */
  async function load(name: string): Promise<CachedFile> {
    const path = join(options.widgetDir, name);
    const info = await stat(path).catch(() => null);
    if (!info) throw new DomainError('widget_not_built', 'The widget bundle is not built: run `npm run build:widget`.');
    const cached = cache.get(name);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = new Uint8Array(await readFile(path));
    const fresh = { mtimeMs: info.mtimeMs, size: info.size, body, etag: etagOf(body) };
    cache.set(name, fresh);
    return fresh;
  }

  const app = new Hono<AppEnv>();
  for (const name of FILES) {
    app.get(`/${name}`, async (c) => {
      const file = await load(name);
      const headers = {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
        etag: file.etag,
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      };
      if (isNotModified(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, headers);
      return c.body(file.body, 200, headers);
    });
  }
  return app;
}
