/**
 * `parley/client` as an integrator gets it: `npm pack` the repository, install the tarball
 * into a scratch project (unpacked where npm would put it: nothing is fetched), type-check a
 * script against the package's exports, compile it, and run it with plain Node against a
 * live server — with no package but Parley's in `node_modules`, since the client imports
 * nothing at run time.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../scripts/build-client.ts';
import { repositoryPath } from '../../server/repository-root.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { startServer, type InProcessServer } from '../helpers/start-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const run = promisify(execFile);

/** What the scratch project runs: typed use of every kind of call, and deliberate misuses the types must refuse. */
const SCRIPT = `import { createParleyClient, ParleyError, type Agent, type TurnEvent } from 'parley/client';

const parley = createParleyClient({ baseUrl: process.env.PARLEY_URL ?? 'http://127.0.0.1:8787', apiKey: process.env.PARLEY_API_KEY });
const names: string[] = [];
for await (const agent of parley.agents.list({ limit: 1 })) names.push(agent.name);
const agent: Agent = await parley.agents.get(process.env.AGENT_ID ?? '');
const nodeTypes = Object.values((await parley.agents.versions(agent.id)).versions[0]?.workflow.nodes ?? {}).map((node) => node.type);
const chat = await parley.textChat.start(agent.id);
const events: TurnEvent['type'][] = [];
let reply = '';
for await (const event of parley.textChat.stream(agent.id, chat.workflow_run_id, { content: 'hello' })) {
  events.push(event.type);
  if (event.type === 'message') reply = event.message.content;
}
let refused = {};
try {
  await parley.agents.get('agent_00000000');
} catch (error) {
  if (!(error instanceof ParleyError)) throw error;
  refused = { status: error.status, code: error.code };
}
console.log(JSON.stringify({ names, nodeTypes, opening: chat.messages[0]?.content, events, reply, refused }));

/** Type-checked, never run. */
export function misuses() {
  // @ts-expect-error an agent has no such field
  void agent.no_such_field;
  // @ts-expect-error a node type the workflow schema does not have
  void (nodeTypes[0] === 'teleport');
  // @ts-expect-error a turn needs its content
  void parley.textChat.send(agent.id, 1, {});
}
declare const process: { env: Record<string, string | undefined> };
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, lib: ['ES2022', 'DOM'], types: [], skipLibCheck: true, outDir: 'out' },
  files: ['check.ts'],
};

describe('parley/client from a tarball, in a project of its own', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'parley-client-'));
  const installed = join(scratch, 'node_modules', 'parley');
  let t: TestApp;
  let server: InProcessServer;

  beforeAll(async () => {
    const [sqlite] = testDatabases({});
    if (!sqlite) throw new Error('no SQLite test database');
    t = await createTestApp(sqlite, { startTestRuns: false });
    server = await startServer(t.app);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is one module importing nothing, beside its declarations', async () => {
    const built = await buildClient();
    const module = readFileSync(built.module, 'utf8');
    expect(module).not.toMatch(/^\s*import\s|^\s*export\s.*\sfrom\s|\bimport\(|\brequire\(/m);
    expect(readFileSync(built.types, 'utf8')).toContain('createParleyClient');
  });

  it('installs from `npm pack`, type-checks against the exports map, and runs on plain Node against a server', async () => {
    await buildClient();
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], { cwd: repositoryPath() });
    const tarball = join(scratch, stdout.trim().split('\n').at(-1) ?? '');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // Types only: the declarations name zod's types, which installing Parley brings along.
    symlinkSync(repositoryPath('node_modules', 'zod'), join(scratch, 'node_modules', 'zod'), 'dir');
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(join(scratch, 'check.ts'), SCRIPT);

    const tsc = repositoryPath('node_modules', 'typescript', 'bin', 'tsc');
    const compiled = await run(process.execPath, [tsc, '-p', scratch]).then(
      () => 'compiled',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('compiled');

    rmSync(join(scratch, 'node_modules', 'zod'));
    const agent = (await inProcessClient(t).agents.create(loopAgentBody)).id;
    const output = await run(process.execPath, [join(scratch, 'out', 'check.js')], { env: { ...process.env, PARLEY_URL: server.url, PARLEY_API_KEY: t.key, AGENT_ID: agent } });
    expect(JSON.parse(output.stdout)).toEqual({
      names: ['Echo'],
      nodeTypes: ['ask', 'say'],
      opening: 'Say something.',
      // A turn without an LLM streams its whole text as one delta, then the message.
      events: ['delta', 'message'],
      reply: 'You said: hello\n\nSay something.',
      refused: { status: 404, code: 'not_found' },
    });
  }, 180_000);
});
