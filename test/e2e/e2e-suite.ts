/**
 * What every browser-test file needs: a real server (with the widget built from the
 * current sources) and a Chromium, started before the file's tests and stopped after
 * them, and a fresh page per visit, closed after its test even when the test fails.
 */
import type { Browser, BrowserContextOptions, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, openPage, type TestPage } from './browser.ts';
import { buildWidget, startE2eServer, type E2eServer } from './e2e-server.ts';
import { widgetOn, type WidgetHandle } from './widget-page.ts';

export interface Visit {
  t: TestPage;
  /** The widget of the agent visited. */
  chat: WidgetHandle;
  response: Response | null;
}

export interface E2eSuite {
  /** The running server; read it inside tests, once `beforeAll` has started it. */
  readonly server: E2eServer;
  /** The Chromium, for a page the suite does not open (another origin). */
  readonly browser: Browser;
  /** Opens `path` of the server in a fresh browser context. */
  visit(path: string, agent: keyof E2eServer['agents'], options?: BrowserContextOptions): Promise<Visit>;
}

/**
 * The hooks every browser-test file needs: `start` the server and a Chromium before the
 * file's tests, close each test's pages after it, and both after the file. `open` gives a
 * fresh browser context at `path` of the server.
 */
export function useServerAndBrowser<S extends E2eServer>(start: () => Promise<S>) {
  let server: S | undefined;
  let browser: Browser | undefined;
  const pages: TestPage[] = [];

  beforeAll(async () => {
    server = await start();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = () => {
    if (!server || !browser) throw new Error('The e2e suite has not started: use it inside a test');
    return { server, browser };
  };
  return {
    started,
    async open(path: string, options: BrowserContextOptions = {}): Promise<{ t: TestPage; response: Response | null }> {
      const { server, browser } = started();
      const t = await openPage(browser, options);
      pages.push(t);
      const response = await t.page.goto(`${server.url}${path}`);
      return { t, response };
    },
  };
}

/**
 * Registers the file's hooks; call it inside the `describe`.
 *
 * @example
 * const e2e = useE2eSuite();
 * it('opens', async () => {
 *   const { t, chat } = await e2e.visit('/', 'claims');
 * });
 */
export function useE2eSuite(): E2eSuite {
  const suite = useServerAndBrowser(() => startE2eServer(buildWidget()));
  return {
    get server() {
      return suite.started().server;
    },
    get browser() {
      return suite.started().browser;
    },
    async visit(path, agent, options = {}) {
      const { t, response } = await suite.open(path, options);
      return { t, chat: widgetOn(t.page, suite.started().server.agents[agent]), response };
    },
  };
}
