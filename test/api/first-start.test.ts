import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../server/auth/api-key.ts';
import { freePort } from '../helpers/free-port.ts';
import { tempSqliteUrl } from '../helpers/server-process.ts';

const BIN = new URL('../../bin/parley.js', import.meta.url).pathname;

/** GET `url` as soon as anything answers on its port: retried while the connection is refused. */
async function firstAnswer(url: string, exited: () => boolean): Promise<Response> {
  for (;;) {
    if (exited()) throw new Error('the server exited before it answered');
    try {
      return await fetch(url);
    } catch {
      // Nothing listening yet: try again at once (no sleep: the first answer is what counts).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('a first start', () => {
  it('answers nothing until setup is done: the very first /health already finds the key and all 3 demo agents', async () => {
    const port = await freePort();
    const key = generateApiKey();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: tempSqliteUrl(), PARLEY_API_KEY: key },
      stdio: 'ignore',
    });
    let exited = false;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.once('exit', () => (exited = true));
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await firstAnswer(`${base}/health`, () => exited);
      expect(health.status).toBe(200);
      const agents = await fetch(`${base}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
      expect(agents.status).toBe(200);
      const { agents: list } = (await agents.json()) as { agents: { name: string }[] };
      expect(list.map((a) => a.name).sort()).toEqual(['Harbor Bistro bookings', 'Harbor Mutual claims', 'Harbor Mutual support']);
    } finally {
      child.kill('SIGTERM');
      await done;
    }
  }, 60_000);
});
