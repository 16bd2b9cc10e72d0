/**
 * The console's browser tests: a real server on an empty database (console and widget
 * built from the current sources, the demo agents imported, the fake LLM) with its own
 * sign-in, and a Chromium. Each visit is a fresh browser context.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe.ts';
import type { TestPage } from './browser.ts';
import { createdUserSchema, type Role } from '../../shared/api/auth-api.ts';
import { firstAdminLink } from '../../server/auth/first-admin.ts';
import { readJson } from '../helpers/read-json.ts';
import { buildConsole, buildWidget, startE2eServer, type E2eServer } from './e2e-server.ts';
import { useServerAndBrowser } from './e2e-suite.ts';

export interface ConsoleSuite {
  readonly server: E2eServer;
  /** The workspace's admin key, for checking through the API what the console did. */
  readonly apiKey: string;
  /**
   * The first admin's one-time set-password link, as the server prints it at first start
   * (`server/main.ts` calls the same function): a path of the server.
   */
  firstAdminLink(email: string): Promise<string>;
  /** An admin's invitation (`POST /v1/users`): the person's one-time set-password path. */
  invite(email: string, role: Role): Promise<string>;
  open(path: string): Promise<TestPage>;
  /** No serious or critical axe violation on the page as it is now; a screenshot named `name`. */
  check(t: TestPage, name: string): Promise<void>;
}

export function useConsoleSuite(): ConsoleSuite {
  const suite = useServerAndBrowser(() => startE2eServer(buildWidget(), { consoleDir: buildConsole() }));
  const pathOf = (url: string) => {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  };
  return {
    get server() {
      return suite.started().server;
    },
    get apiKey() {
      return suite.started().server.app.key;
    },
    async firstAdminLink(email) {
      const { app } = suite.started().server;
      const link = await firstAdminLink({ users: app.repos.users, links: app.app.auth.links }, app.workspaceId, email);
      if (!link) throw new Error('An admin can sign in already: the server prints no first-admin link');
      return pathOf(link.url);
    },
    async invite(email, role) {
      const { app } = suite.started().server;
      return pathOf((await readJson(await app.call('POST', '/v1/users', { email, role }), createdUserSchema, 201)).set_password_url);
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

/** Sets the password on an invitation's page and waits for the signed-in console. */
export async function setPasswordAndSignIn(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
