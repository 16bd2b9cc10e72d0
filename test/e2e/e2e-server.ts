/**
 * A real Parley server on a free port for the browser tests: the whole app on a fresh
 * SQLite file, the demo agents imported, a fake LLM behind the `llm` nodes, and the
 * widget bundle built from the current sources, served by the app's own widget and
 * demo routes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { importDemoAgents } from '../../server/demo/import-demo-agents.ts';
import { startFakeLlm } from '../fake-llm/fake-llm.ts';
import type { FakeLlm } from '../fake-llm/fake-llm-types.ts';
import { buildFrontEnd } from '../helpers/build-front-end.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';


export interface E2eServer {
  url: string;
  /** Public ids of the demo agents. */
  agents: { claims: string; support: string; bistro: string };
  llm: FakeLlm;
  /** The app's API key and database, to read what was stored. */
  app: TestApp;
  /** Stops answering: the socket closes, open connections drop, as when the server goes down. */
  goDown(): Promise<void>;
  /** Listens again on the same address. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

export const buildWidget = (): string => buildFrontEnd('widget');
export const buildConsole = (): string => buildFrontEnd('console');

export interface E2eServerOptions {
  /** Serve the console built here. */
  consoleDir?: string;
}

export async function startE2eServer(widgetDir: string, options: E2eServerOptions = {}): Promise<E2eServer> {
  const llm = await startFakeLlm();
  const sqlite = { dialect: 'sqlite' as const, fresh: () => ({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-e2e-')), 'parley.db')}` }) };
  // The demo pages are served by this server: its own origin is the address it listens on.
  let url = '';
  const publicUrl = () => url;
  const parley = await createTestApp(sqlite, { llmUrl: llm.url, startTestRuns: false, widgetDir, publicUrl, ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}) });
  const fetch = parley.app.fetch;

  const listen = (at: number) =>
    new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch, port: at, hostname: '127.0.0.1' }, (info) => resolve({ server: s, port: info.port }));
    });
  let { server, port } = await listen(0);
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    // Open event streams would keep the server from closing.
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  url = `http://127.0.0.1:${port}`;
  const imported = await importDemoAgents({ agentService: parley.app.agentService, workspaceId: parley.workspaceId });
  const demoAgents = imported.map((a) => ({ publicId: a.publicId, name: a.config.name }));
  const find = (pattern: RegExp) => {
    const agent = demoAgents.find((a) => pattern.test(a.name));
    if (!agent) throw new Error(`no demo agent matching ${pattern}: ${demoAgents.map((a) => a.name).join(', ')}`);
    return agent.publicId;
  };

  return {
    url,
    agents: { claims: find(/claims/i), support: find(/support/i), bistro: find(/bistro|restaurant/i) },
    llm,
    app: parley,
    goDown: stop,
    async comeBack() {
      ({ server, port } = await listen(port));
      listening = true;
    },
    async close() {
      await stop();
      await parley.close();
      await llm.close();
    },
  };
}
