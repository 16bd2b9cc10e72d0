/**
 * Starts a server as a child process running plain JavaScript (`node ...nodeArgs`, no
 * TypeScript loader) and waits for its URL line.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startChild(nodeArgs: string[], env: Record<string, string>, pattern: RegExp): Promise<ChildServer> {
  const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${nodeArgs.join(' ')} did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${nodeArgs.join(' ')} exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url, child, stop: async () => { child.kill('SIGTERM'); await exited; } };
}
