/**
 * Serves the widget bundle built by `npm run build:widget`: `GET /widget.js` (IIFE, for
 * the script tag) and `GET /widget.mjs` (ESM), brotli or gzip as the browser accepts
 * (see `static-files.ts`). Any site may load it, so it is sent with CORS `*` and
 * `Cross-Origin-Resource-Policy: cross-origin`. The URL is not versioned (it is pasted
 * into sites once), so browsers keep it five minutes and then revalidate it with the
 * ETag: a deploy reaches every visitor within minutes, and a revalidation costs a 304.
 */
import { Hono } from 'hono';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { createStaticFiles } from './static-files.ts';

export interface WidgetRoutesOptions {
  /** The folder holding `widget.js` and `widget.mjs` (`widget/dist`). */
  widgetDir: string;
}

const FILES = ['widget.js', 'widget.mjs'] as const;

export function createWidgetRoutes(options: WidgetRoutesOptions) {
  if (!options.widgetDir) throw new Error('createWidgetRoutes: widgetDir is required');
  const files = createStaticFiles({
    root: options.widgetDir,
    revalidate: 'public, max-age=300, stale-while-revalidate=86400',
    immutable: () => false,
    headers: { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
  });

  const app = new Hono<AppEnv>();
  for (const name of FILES) {
    app.get(`/${name}`, async (c) => {
      const response = await files.respond(c, name);
      if (!response) throw new DomainError('widget_not_built', 'The widget bundle is not built: run `npm run build:widget`.');
      return response;
    });
  }
  return app;
}
