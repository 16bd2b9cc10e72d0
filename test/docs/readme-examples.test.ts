/**
 * Every example in README.md and widget/README.md runs as written (test/docs/readme-blocks.ts has the
 * conventions; README.md, "README examples", tells authors). Against a fresh server
 * started as the README says: a new SQLite file, so the demo agents are imported at first
 * start, with the admin key the reader copies given as PARLEY_API_KEY. Examples marked
 * `server …` or `llm` get the server restarted on the same database with those variables
 * (the fake LLM for `llm`), as a reader restarts `npm start`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../server/auth/api-key.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { freePort } from '../helpers/free-port.ts';
import { startServerProcess, tempSqliteUrl, type ServerProcess } from '../helpers/server-process.ts';
import { answerProblems } from './answer-shape.ts';
import { createExampleRunner, type ExampleRunner } from './example-runner.ts';
import { envNames, exampleSteps, readmeBlocks, type ReadmeBlock } from './readme-blocks.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The READMEs whose examples run: the project's, and the widget's (its verified-visitor server side). */
const READMES = ['README.md', 'widget/README.md'];

/** The environment of a reader's shell, without anything of this test process that would change what an example does. */
function readerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(PARLEY_|OPENAI_)/.test(name) || ['PORT', 'HOST', 'DATABASE_URL', 'CURL_HOME'].includes(name)) continue;
    env[name] = value;
  }
  return env;
}

describe.each(READMES)('the examples of %s', (README) => {
  const blocks = readmeBlocks(readFileSync(`${root}${README}`, 'utf8'));
  const runnable = blocks.filter((block) => block.kind === 'run');
  const key = generateApiKey();
  const databaseUrl = tempSqliteUrl();
  let server: ServerProcess | undefined;
  let serverEnv: Record<string, string> = {};
  let llm: FakeLlm | undefined;
  let runner: ExampleRunner;
  /** The values the test gives the variables env blocks ask the reader to set. */
  const readerValues: Record<string, string> = { PARLEY_API_KEY: key };

  async function startServer(env: Record<string, string>): Promise<void> {
    await server?.stop();
    serverEnv = env;
    server = await startServerProcess({ DATABASE_URL: databaseUrl, PARLEY_API_KEY: key, LOG_LEVEL: 'warn', ...env });
    readerValues.PARLEY_SERVER = server.url;
  }

  /** The server a block needs: restarted with more variables when it asks for them. */
  async function serverFor(block: ReadmeBlock): Promise<void> {
    const wanted: Record<string, string> = { ...block.serverEnv };
    if (block.needsLlm) {
      llm ??= await startFakeLlm();
      Object.assign(wanted, { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-llm-key' });
    }
    if (Object.entries(wanted).some(([name, value]) => serverEnv[name] !== value)) await startServer({ ...serverEnv, ...wanted });
  }

  beforeAll(async () => {
    runner = createExampleRunner(root);
    readerValues.RECEIVER = `http://127.0.0.1:${await freePort()}`;
    await startServer({});
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await llm?.close();
    runner.close();
  });

  it('accounts for every block: run, shown, an excerpt of a file, or marked as skipped with a reason', () => {
    const count = (kind: ReadmeBlock['kind']) => blocks.filter((block) => block.kind === kind).length;
    const skipped = blocks.filter((block) => block.kind === 'skip').map((block) => `  line ${block.line}: ${block.reason}`);
    console.info(
      `${README}: ${blocks.length} code blocks — ${count('run')} run, ${count('env')} set the reader's variables, ${count('from')} excerpts checked, ` +
        `${count('shown')} shown (data, not commands), ${count('skip')} skipped:\n${skipped.join('\n')}`,
    );
    expect(count('run') + count('env') + count('from') + count('shown') + count('skip')).toBe(blocks.length);
    expect(runnable.length).toBeGreaterThan(0);
    for (const block of blocks.filter((b) => b.kind === 'env')) {
      for (const name of envNames(block)) expect(readerValues, `README line ${block.line} asks the reader to set ${name}; this test does not know it`).toHaveProperty(name);
    }
  });

  for (const block of blocks.filter((b) => b.kind === 'from')) {
    it(`README line ${block.line} is a verbatim excerpt of ${block.from}`, () => {
      expect(readFileSync(`${root}${block.from}`, 'utf8')).toContain(block.code);
    });
  }

  for (const block of runnable) {
    it(`README line ${block.line} (${block.lang}) runs as written${block.needsLlm ? ', with an LLM' : ''}`, async () => {
      await serverFor(block);
      const env = { ...readerEnv(), ...readerValues, DATABASE_URL: databaseUrl };
      const result = await runner.run(block, env);
      const report = `\n--- example (README line ${block.line})\n${block.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      expect(result.timedOut, `timed out${report}`).toBe(false);
      expect(result.exitCode, `failed${report}`).toBe(0);
      const answered = exampleSteps(block).filter((step) => step.answer !== undefined);
      expect(result.outputs.length, `printed ${result.outputs.length} answers, the README shows ${answered.length}${report}`).toBe(answered.length);
      answered.forEach((step, i) => {
        expect(answerProblems(step.answer ?? '', result.outputs[i] ?? ''), `the answer after\n${step.code}\n${report}`).toEqual([]);
      });
    }, 180_000);
  }
});
