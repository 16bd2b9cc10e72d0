/**
 * Memory a server process holds per idle session: heap after a full GC after N and after
 * 2N conversations (each with a turn) that then sit idle; the slope between the two is
 * the per-session cost, free of one-off growth (compiled code, caches). The target is
 * none: a session lives in the database, not in the process.
 *
 *   npx tsx bench/idle-memory.bench.ts [--sessions 2000]
 */
import { parseArgs } from 'node:util';
import { loopAgentBody } from '../test/fixtures/loop-agent.ts';
import { heapUsedAfterGc } from '../test/helpers/memory-report.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';

export async function benchIdleMemory(sessions = 2000): Promise<{ sessions: number; warmMb: number; firstMb: number; secondMb: number; bytesPerSession: number }> {
  const server = await startServerProcess({ NODE_OPTIONS: '--expose-gc' });
  try {
    const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
    const agent = await (await fetch(`${server.url}/v1/agents`, { method: 'POST', headers, body: JSON.stringify(loopAgentBody) })).json();
    const path = `${server.url}/workflow/${agent.id}/text-chat/sessions`;
    // Warm up code paths and caches so their one-off cost is not counted per session.
    for (let i = 0; i < 50; i++) {
      const run = (await (await fetch(path, { method: 'POST', headers, body: '{}' })).json()).workflow_run_id;
      await (await fetch(`${path}/${run}/messages`, { method: 'POST', headers, body: '{"content":"warm"}' })).text();
    }
    const open = async (count: number) => {
      for (let i = 0; i < count; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, async () => {
            const run = (await (await fetch(path, { method: 'POST', headers, body: '{}' })).json()).workflow_run_id;
            await (await fetch(`${path}/${run}/messages`, { method: 'POST', headers, body: '{"content":"hello"}' })).text();
          }),
        );
      }
    };
    const warm = await heapUsedAfterGc(server);
    await open(sessions);
    const first = await heapUsedAfterGc(server);
    await open(sessions);
    const second = await heapUsedAfterGc(server);
    return { sessions, warmMb: warm / 2 ** 20, firstMb: first / 2 ** 20, secondMb: second / 2 ** 20, bytesPerSession: (second - first) / sessions };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '2000' } } });
  const r = await benchIdleMemory(Number(values.sessions));
  console.log(`| heap after GC: warm | after ${r.sessions} idle sessions | after ${2 * r.sessions} | bytes per idle session (slope) |`);
  console.log('|---|---|---|---|');
  console.log(`| ${r.warmMb.toFixed(1)} MB | ${r.firstMb.toFixed(1)} MB | ${r.secondMb.toFixed(1)} MB | ${r.bytesPerSession.toFixed(0)} |`);
}
