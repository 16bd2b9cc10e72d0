/**
 * The production build: `npm start` runs the bundle `scripts/build-server.ts` writes, with no
 * TypeScript loader. Built here from the current sources into a folder of its own (inside the
 * repository, where its packages and Parley's files are), then run as a real process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer, EXTERNAL_PACKAGES } from '../../scripts/build-server.ts';
import { repositoryPath } from '../../server/repository-root.ts';
import { serverClient } from '../helpers/server-client.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const outDir = repositoryPath('dist', `test-${process.pid}-${Date.now()}`);
let server: ServerProcess;

beforeAll(async () => {
  const { entry } = await buildServer({ outDir });
  server = await startServerProcess({}, { nodeArgs: ['--enable-source-maps', entry] });
});

afterAll(async () => {
  await server?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

/** `pdfjs-dist/legacy/build/pdf.mjs` → `pdfjs-dist`; `@scope/name/x` → `@scope/name`. */
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the compiled server', () => {
  it('is plain JavaScript importing only Node built-ins and the few packages left external', () => {
    const bundle = readFileSync(join(outDir, 'parley.js'), 'utf8');
    // Static imports, and the require/import calls of bundled packages (not the JSDoc types that name `import('…')`).
    const imported = new Set([...bundle.matchAll(/^import .* from ['"]([^'"]+)['"];?$/gm), ...bundle.matchAll(/(?<![\w.{])(?:__require|import)\(['"]([^'"]+)['"]\)/g)].map((match) => match[1]));
    const allowed = (specifier: string | undefined) => specifier !== undefined && (specifier.startsWith('node:') || isBuiltin(specifier) || EXTERNAL_PACKAGES.includes(packageOf(specifier)));
    expect([...imported].filter((specifier) => !allowed(specifier))).toEqual([]);
    expect(imported).toContain('better-sqlite3');
  });

  it('reads its version from package.json at the repository root, found from dist/ as from server/', async () => {
    const health = z.object({ version: z.string() }).parse(await (await fetch(`${server.url}/health`)).json());
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(repositoryPath('package.json'), 'utf8')));
    expect(health.version).toBe(pkg.version);
  });

  it('answers /health and a demo agent turn, whose tool is served by the demo site', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const claims = /Harbor Mutual claims \((agent_\w+)\)/.exec(server.output())?.[1];
    expect(claims).toBeDefined();
    // The client checks each answer against the route's documented success: 201, then 200.
    const parley = await serverClient(server);
    const { workflow_run_id: run } = await parley.textChat.start(claims ?? '');
    const turn = await parley.textChat.send(claims ?? '', run, { content: '123456' });
    expect(turn.content).toMatch(/Ada Lovelace/);
  });

  it('serves the demo site and the widget from the repository, not from beside the bundle', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    // `npm test` builds the widget first; run alone, this file may find it unbuilt.
    const widgetBuilt = existsSync(repositoryPath('widget', 'dist', 'widget.js'));
    expect((await fetch(`${server.url}/widget.js`)).status).toBe(widgetBuilt ? 200 : 503);
  });

  it('maps stack traces back to the TypeScript sources', () => {
    const map = z.object({ sources: z.array(z.string()) }).parse(JSON.parse(readFileSync(join(outDir, 'parley.js.map'), 'utf8')));
    expect(map.sources.map((source) => join(outDir, source))).toContain(repositoryPath('server', 'cli', 'parley.ts'));
  });
});
