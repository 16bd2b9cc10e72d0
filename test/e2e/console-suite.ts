/**
 * The console's browser tests: a real server (console and widget built from the current
 * sources, the demo agents imported, the fake LLM) behind the stand-in for the console
 * auth routes, and a Chromium. Each visit is a fresh browser context.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe.ts';
import type { TestPage } from './browser.ts';
import { createFakeConsoleAuth, type FakeConsoleAuth } from './console-auth-fake.ts';
import { buildConsole, buildWidget, startE2eServer, type E2eServer } from './e2e-server.ts';
import { useServerAndBrowser } from './e2e-suite.ts';

export interface ConsoleSuite {
  readonly server: E2eServer;
  /** The workspace's admin key, for checking through the API what the console did. */
  readonly apiKey: string;
  readonly auth: FakeConsoleAuth;
  open(path: string): Promise<TestPage>;
  /** No serious or critical axe violation on the page as it is now; a screenshot named `name`. */
  check(t: TestPage, name: string): Promise<void>;
}

export function useConsoleSuite(): ConsoleSuite {
  let auth: FakeConsoleAuth | undefined;
  let apiKey = '';
  const suite = useServerAndBrowser(() =>
    startE2eServer(buildWidget(), {
      consoleDir: buildConsole(),
      front: (parley, publicUrl) => {
        apiKey = parley.key;
        auth = createFakeConsoleAuth({ apiKey: parley.key, app: parley.app, publicUrl });
        return auth.fetch;
      },
    }),
  );
  return {
    get server() {
      return suite.started().server;
    },
    get auth() {
      if (!auth) throw new Error('The console suite has not started: use it inside a test');
      return auth;
    },
    get apiKey() {
      return apiKey;
    },
    async open(path) {
      return (await suite.open(path)).t;
    },
    async check(t, name) {
      await t.screenshot(`console-${name}`);
      expect(await seriousAxeViolations(t.page), `axe on ${name}`).toEqual([]);
    },
  };
}

/** Console errors that are not the browser noting a 401 (the session check of a signed-out visitor). */
export function realProblems(t: TestPage): string[] {
  return t.problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p));
}

/** Signs in on the sign-in page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
