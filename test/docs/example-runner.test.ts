import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { answerProblems } from './answer-shape.ts';
import { createExampleRunner } from './example-runner.ts';
import { exampleSteps, readmeBlocks } from './readme-blocks.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runner = createExampleRunner(root, { timeoutMs: 60_000 });
afterAll(() => runner.close());

const block = (lang: string, code: string) => {
  const [parsed] = readmeBlocks(`\`\`\`${lang}\n${code}\n\`\`\``);
  if (!parsed) throw new Error('no block');
  return parsed;
};
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GREETING: 'hello' };

describe('running README examples', () => {
  it('gives each answer the output of the commands since the previous one, and carries variables to the next block', async () => {
    const first = block('sh', 'NAME=Ada\necho "{\\"name\\":\\"$NAME\\"}"\n# → {"name":"Ada"}\necho "$GREETING, $NAME"\n# → hello, Ada');
    const result = await runner.run(first, env);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.map((output) => output.trim())).toEqual(['{"name":"Ada"}', 'hello, Ada']);
    const steps = exampleSteps(first);
    expect(steps.map((step, i) => answerProblems(step.answer ?? '', result.outputs[i] ?? ''))).toEqual([[], []]);

    const second = await runner.run(block('bash', 'echo "still $NAME"'), env);
    expect(second.stdout.trim()).toBe('still Ada');
  });

  it('fails a shell block at its first failing command, a pipe or an unset variable included', async () => {
    for (const code of ['false\necho unreachable', 'false | cat', 'echo "$NOT_SET_ANYWHERE"']) {
      const result = await runner.run(block('sh', code), env);
      expect(result.exitCode, code).not.toBe(0);
      expect(result.stdout, code).not.toContain('unreachable');
    }
  });

  it('runs a TypeScript block with tsx, top-level await and the same variables, split at its answers', async () => {
    const result = await runner.run(block('ts', "const wait = await Promise.resolve(process.env.GREETING);\nconsole.log(JSON.stringify({ wait }));\n// → {\"wait\":\"hello\"}\nconsole.log('done');\n// → done"), env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.outputs.map((output) => output.trim())).toEqual(['{"wait":"hello"}', 'done']);
  });

  it('stops what a block left running in the background when it ends', async () => {
    const result = await runner.run(block('sh', 'sleep 30 &\necho started'), env);
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
  });
});

describe('the README conventions', () => {
  it('refuses a block of an unknown language without a marker, and a skip without a reason', () => {
    expect(() => readmeBlocks('```python\nprint(1)\n```')).toThrow(/line 1: a `python` block is neither run nor shown/);
    expect(() => readmeBlocks('<!-- example: skip -->\n```sh\nnpm start\n```')).toThrow(/needs a reason/);
    expect(() => readmeBlocks('<!-- example: maybe -->\n```sh\nls\n```')).toThrow(/unknown marker/);
    expect(() => readmeBlocks('<!-- example: env (yours) -->\n```sh\ncurl x\n```')).toThrow(/only "export NAME=…" lines/);
  });

  it('reads markers on the lines right before a fence', () => {
    const [skipped, served] = readmeBlocks('<!-- example: skip (starts the server) -->\n\n```sh\nnpm start\n```\n\n<!-- example: llm -->\n<!-- example: server A=1 B=x=y -->\n```sh\ncurl\n```');
    expect(skipped).toMatchObject({ kind: 'skip', reason: 'starts the server', line: 3 });
    expect(served).toMatchObject({ kind: 'run', needsLlm: true, serverEnv: { A: '1', B: 'x=y' } });
  });
});
