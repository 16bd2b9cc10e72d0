/**
 * `parley serve` as `npm start` runs it — the compiled server, no TypeScript loader — in
 * a child process on a free port of 127.0.0.1, and the sessions a run posts turns to.
 */
import { z } from 'zod';
import { loopAgentBody } from '../../test/fixtures/loop-agent.ts';
import { startChild, type ChildServer } from './child-server.ts';
import type { WrkTarget } from './wrk-targets.ts';

const withId = z.looseObject({ id: z.string() });
const withRun = z.looseObject({ workflow_run_id: z.number().int() });

/**
 * `entry`: the compiled server (scripts/build-server.ts). `BENCH_PARLEY_NODE_ARGS` adds
 * Node flags to it alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (Node refuses
 * `--cpu-prof` in NODE_OPTIONS, and it would profile every process of the bench).
 */
export function startParley(entry: string, env: Record<string, string>): Promise<ChildServer> {
  const extra = process.env.BENCH_PARLEY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return startChild([...extra, '--enable-source-maps', entry, 'serve'], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, /running at (http:\S+)/);
}

/** POST with the API key; throws on any answer outside 2xx. */
export function poster(url: string, key: string) {
  return async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };
}

export interface LoopSessions {
  /** `/workflow/{agent}/text-chat/sessions` */
  base: string;
  runs: number[];
  /** One wrk target per session: its messages path, with the key. */
  targets: WrkTarget[];
}

/** An agent running the ask → say loop (no LLM: it measures Parley itself), and `count` sessions of it. */
export async function createLoopSessions(url: string, key: string, count: number): Promise<LoopSessions> {
  const post = poster(url, key);
  const agent = withId.parse(await (await post('/v1/agents', loopAgentBody)).json());
  const base = `/workflow/${agent.id}/text-chat/sessions`;
  const runs: number[] = [];
  for (let i = 0; i < count; i++) runs.push(withRun.parse(await (await post(base, {})).json()).workflow_run_id);
  return { base, runs, targets: runs.map((run) => ({ path: `${base}/${run}/messages`, headers: { authorization: `Bearer ${key}` } })) };
}
