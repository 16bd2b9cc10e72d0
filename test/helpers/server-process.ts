/**
 * Runs `parley serve` as a real child process on a free port, for tests that need a real
 * socket, a restart, or a kill -9. Resolves once the server prints its address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '../../server/auth/api-key.ts';

const BIN = new URL('../../bin/parley.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  key: string;
  output(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no clean shutdown. */
  kill(): Promise<void>;
  /** Resolves with the exit code once the process has exited, however it ended. */
  exited: Promise<number | null>;
  child: ChildProcess;
}

export function tempSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-proc-')), 'parley.db')}`;
}

export interface ServerProcessOptions {
  /** What `node` runs before `serve` (default `bin/parley.js`: the current sources, or a fresh build of them). */
  nodeArgs?: string[];
}

export async function startServerProcess(env: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const key = env.PARLEY_API_KEY ?? generateApiKey();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? [BIN]), 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: tempSqliteUrl(), ...env, PARLEY_API_KEY: key },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const match = /Parley is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });

  return {
    url,
    key,
    child,
    exited,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
