/**
 * Runs one README example as a reader would paste it: shell blocks in bash, TypeScript
 * blocks with tsx from a file inside the repository (so `import … from 'parley/…'`
 * resolves to this package). Blocks share one shell state: the variables a block assigns
 * are there for the next, as in one terminal.
 *
 * Stricter than a terminal, so a broken example cannot pass: bash runs with
 * `set -euo pipefail`, and curl with `--fail-with-body` (through a `.curlrc` of the
 * test's own), so an HTTP error answer fails the block.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignedNames, exampleSteps, type ReadmeBlock } from './readme-blocks.ts';

const ANSWER_MARK = '@@readme-example-answer@@';

export interface ExampleResult {
  exitCode: number | null;
  /** What each step with an answer printed, in order. */
  outputs: string[];
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ExampleRunner {
  run(block: ReadmeBlock, env: Record<string, string>): Promise<ExampleResult>;
  close(): void;
}

function shellScript(block: ReadmeBlock, statePath: string): string {
  const names = assignedNames(block.code);
  const body = exampleSteps(block)
    .map((step) => (step.answer === undefined ? step.code : `${step.code}\nprintf '\\n%s\\n' '${ANSWER_MARK}'`))
    .join('\n');
  const save = names.length === 0 ? '' : `for name in ${names.join(' ')}; do if [ -n "\${!name+x}" ]; then declare -p "$name"; fi; done >> '${statePath}'`;
  return ['set -euo pipefail', `source '${statePath}'`, body, save].join('\n');
}

function typescriptSource(block: ReadmeBlock): string {
  return exampleSteps(block)
    .map((step) => (step.answer === undefined ? step.code : `${step.code}\nprocess.stdout.write('\\n${ANSWER_MARK}\\n');`))
    .join('\n');
}

/** Spawn in a process group of its own, so what a block left running in the background is stopped with it. */
function runProcess(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<Omit<ExampleResult, 'outputs'>> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let exitCode: number | null = null;
    let timedOut = false;
    const stopGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is gone already.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      exitCode = code;
      stopGroup();
    });
    child.once('close', () => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, timedOut });
    });
  });
}

/** `root`: the repository, where examples run (as a reader in a fresh clone would). */
export function createExampleRunner(root: string, options: { timeoutMs?: number } = {}): ExampleRunner {
  const scratch = mkdtempSync(join(tmpdir(), 'parley-readme-'));
  const statePath = join(scratch, 'state.sh');
  writeFileSync(statePath, '');
  // curl reads $CURL_HOME/.curlrc: every example's HTTP error is an error.
  writeFileSync(join(scratch, '.curlrc'), 'fail-with-body\nshow-error\n');
  // Inside the repository, so a TypeScript example resolves this package by its name.
  const tsDir = join(root, '.readme-examples');
  const timeoutMs = options.timeoutMs ?? 120_000;
  let count = 0;

  return {
    async run(block, env) {
      count += 1;
      const fullEnv = { ...env, CURL_HOME: scratch };
      let result: Omit<ExampleResult, 'outputs'>;
      if (block.lang === 'ts') {
        mkdirSync(tsDir, { recursive: true });
        const file = join(tsDir, `example-${count}-line-${block.line}.ts`);
        writeFileSync(file, typescriptSource(block));
        result = await runProcess(join(root, 'node_modules/.bin/tsx'), [file], { cwd: root, env: fullEnv, timeoutMs });
      } else {
        const file = join(scratch, `example-${count}-line-${block.line}.sh`);
        writeFileSync(file, shellScript(block, statePath));
        result = await runProcess('bash', ['--noprofile', '--norc', file], { cwd: root, env: fullEnv, timeoutMs });
      }
      const parts = result.stdout.split(`\n${ANSWER_MARK}\n`);
      return { ...result, outputs: parts.slice(0, -1) };
    },
    close() {
      rmSync(scratch, { recursive: true, force: true });
      rmSync(tsDir, { recursive: true, force: true });
    },
  };
}
