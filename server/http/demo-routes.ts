/**
 * The demo site (`demo/site/`): a product page for a fictional insurer that embeds the
 * widget with its script tag (`/`), a full-page chat per demo agent (`/demo/{agent_id}`,
 * `?lang=de` for the widget in another language),
 * an inline embed with two widgets and the page API (`/demo/inline`), and a page under
 * a strict Content-Security-Policy (`/demo/csp`). Pages are HTML templates whose
 * `{{slots}}` are filled here, escaped; scripts and styles are files, never inline, so
 * every page is sent with the strict policy.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { escapeHtml } from '../../shared/escape-html.ts';

export interface DemoAgent {
  publicId: string;
  name: string;
}

export interface DemoRoutesOptions {
  /** The folder with the page templates and `assets/` (`demo/site`). */
  siteDir: string;
  agents: { list(): Promise<DemoAgent[]> };
}

/**
 * What the strict demo page promises: nothing inline, nothing from elsewhere. Framing is
 * limited to our own pages, so another site cannot dress the demo up for clickjacking.
 */
export const STRICT_CSP = "default-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'self'";

const ASSET_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const AGENT_ID = /^agent_[0-9a-f]{8}$/;

/** A slot's value: text (escaped when filled in) or markup built by these routes. */
type Slot = string | { markup: string };

export function createDemoRoutes(options: DemoRoutesOptions) {
  if (!options.siteDir || !existsSync(join(options.siteDir, 'index.html'))) {
    throw new Error(`createDemoRoutes: no demo site in "${options.siteDir}" (expected index.html)`);
  }
  const app = new Hono<AppEnv>();

  /**
   * A template with its slots filled. Text is escaped here, once for every page, so a new
   * slot cannot forget it; only markup this file builds goes in as `{ markup }`.
   */
  async function page(c: Context<AppEnv>, name: string, slots: Record<string, Slot>, status: 200 | 404 = 200) {
    const template = await readFile(join(options.siteDir, name), 'utf8');
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = slots[key];
      if (value === undefined) throw new Error(`demo page ${name}: no value for {{${key}}}`);
      return typeof value === 'string' ? escapeHtml(value) : value.markup;
    });
    return c.html(html, status, { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' });
  }

  /** The demo agents, and the ones the pages feature (by name, else the first). */
  async function agents() {
    const list = (await options.agents.list()).filter((a) => AGENT_ID.test(a.publicId));
    const named = (pattern: RegExp) => list.find((a) => pattern.test(a.name)) ?? list[0];
    return { list, claims: named(/claim/i), support: named(/support|help/i) ?? named(/claim/i) };
  }

  function agentLinks(list: DemoAgent[]): string {
    if (list.length === 0) return '<li>No agents yet: import one with <code>npx parley agents import demo/agents/claims.json</code>.</li>';
    return list.map((a) => `<li><a href="/demo/${escapeHtml(a.publicId)}">${escapeHtml(a.name)}</a> <code>${escapeHtml(a.publicId)}</code></li>`).join('\n');
  }

  app.get('/', async (c) => {
    const { list, claims } = await agents();
    return page(c, 'index.html', { agent_links: { markup: agentLinks(list) }, claims_id: claims?.publicId ?? '' });
  });

  app.get('/demo/inline', async (c) => {
    const { claims, support } = await agents();
    return page(c, 'inline.html', { claims_id: claims?.publicId ?? '', support_id: support?.publicId ?? '' });
  });

  app.get('/demo/csp', async (c) => {
    const { claims } = await agents();
    return page(c, 'csp.html', { claims_id: claims?.publicId ?? '', csp: STRICT_CSP });
  });

  app.get('/demo/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = /^[a-z0-9-]+\.(css|js|svg)$/.exec(file)?.[1];
    const body = type ? await readFile(join(options.siteDir, 'assets', file)).catch(() => null) : null;
    if (!type || !body) return c.text('Not found', 404);
    return c.body(new Uint8Array(body), 200, { 'content-type': ASSET_TYPES[type] ?? 'application/octet-stream', 'cache-control': 'public, max-age=300' });
  });

  app.get('/demo/:agentId', async (c) => {
    const agentId = c.req.param('agentId');
    const agent = (await agents()).list.find((a) => a.publicId === agentId);
    if (!agent) return page(c, 'not-found.html', { agent_id: agentId }, 404);
    // `?lang=ar` shows the widget's UI in another language (and right to left for Arabic).
    const lang = /^[a-z]{2}(-[A-Za-z]{2})?$/.exec(c.req.query('lang') ?? '')?.[0];
    return page(c, 'agent.html', {
      agent_id: agent.publicId,
      agent_name: agent.name,
      lang_attribute: { markup: lang ? ` data-lang="${lang}"` : '' },
    });
  });

  return app;
}
