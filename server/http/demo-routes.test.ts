import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { createDemoRoutes, type DemoAgent, STRICT_CSP } from './demo-routes.ts';

const siteDir = fileURLToPath(new URL('../../demo/site', import.meta.url));

const demoAgents: DemoAgent[] = [
  { publicId: 'agent_0000c1a1', name: 'Harbor Mutual claims' },
  { publicId: 'agent_00005e11', name: 'Harbor Mutual support' },
  { publicId: 'agent_0000b157', name: 'Harbor Bistro bookings' },
];

function demoApp(agents: DemoAgent[] = demoAgents) {
  return new Hono<AppEnv>().route('/', createDemoRoutes({ siteDir, agents: { list: async () => agents } }));
}

/** The inline scripts and styles a page would need `unsafe-inline` for. */
const inlineCode = (html: string) => html.match(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=/gi) ?? [];

describe('demo routes', () => {
  it('serves the product page embedding the claims agent with the script tag, and links every demo', async () => {
    const res = await demoApp().request('/');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<script src="/widget.js" data-agent="agent_0000c1a1" async></script>');
    for (const agent of demoAgents) expect(html).toContain(`<a href="/demo/${agent.publicId}">${agent.name}</a>`);
    expect(html).toContain('href="/demo/inline"');
    expect(html).toContain('href="/demo/csp"');
  });

  it('sends every page with the strict CSP and no inline script or style', async () => {
    const app = demoApp();
    for (const path of ['/', '/demo/inline', '/demo/csp', '/demo/agent_00005e11']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(STRICT_CSP);
      expect(inlineCode(await res.text()), path).toEqual([]);
    }
    expect(STRICT_CSP).toBe("default-src 'self'; connect-src 'self'; style-src 'self'; frame-ancestors 'self'");
  });

  it('shows one agent full page, and 404s an unknown one without echoing markup', async () => {
    const app = demoApp();
    const html = await (await app.request('/demo/agent_0000b157')).text();
    expect(html).toContain('<script src="/widget.js" data-agent="agent_0000b157" data-mode="fullpage" async></script>');
    expect(html).toContain('<title>Harbor Bistro bookings — Parley</title>');
    const arabic = await (await app.request('/demo/agent_0000b157?lang=ar')).text();
    expect(arabic).toContain('data-mode="fullpage" data-lang="ar" async');
    const hostile = await (await app.request('/demo/agent_0000b157?lang=%22%3E%3Cscript%3E')).text();
    expect(hostile).toContain('data-mode="fullpage" async');

    const missing = await app.request('/demo/%3Cimg%20src%3Dx%3E');
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect(body).toContain('&lt;img src=x&gt;');
    expect(body).not.toContain('<img src=x>');
  });

  it('escapes agent names, which anyone with an API key can set', async () => {
    const html = await (await demoApp([{ publicId: 'agent_0000abcd', name: '<script>alert("x")</script> & co' }]).request('/')).text();
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>alert');
  });

  it('features two agents on the inline page: support inline, claims in the corner', async () => {
    const html = await (await demoApp().request('/demo/inline')).text();
    expect(html).toContain('<parley-chat agent="agent_00005e11" mode="inline"></parley-chat>');
    expect(html).toContain('<script src="/widget.js" data-agent="agent_0000c1a1" async></script>');
  });

  it('serves the site assets with their types, and nothing outside the assets folder', async () => {
    const app = demoApp();
    const css = await app.request('/demo/assets/site.css');
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    const js = await app.request('/demo/assets/demo.js');
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    for (const path of ['/demo/assets/..%2Findex.html', '/demo/assets/missing.css', '/demo/assets/index.html']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('says how to get agents when there are none', async () => {
    const html = await (await demoApp([]).request('/')).text();
    expect(html).toContain('npx parley agents import demo/agents/claims.json');
    expect(html).toContain('data-agent=""');
  });

  it('refuses to be built without the site folder', () => {
    expect(() => createDemoRoutes({ siteDir: '/nonexistent', agents: { list: async () => [] } })).toThrow(/no demo site/);
  });
});
