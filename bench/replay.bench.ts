/**
 * Replay throughput (issue #18 item 3): N recorded conversations (default 1,000, the most
 * one replay takes) of the demo claims agent — deterministic nodes, its two tools answered
 * by the demo tool routes — replayed against the published version through the API and
 * the replay queue. Recording goes through the text-chat API like any visitor; the figure
 * is the replay alone, from queueing to completion, in conversations per second, with the
 * summary showing every conversation came back identical (recorded tool results stand in
 * for the tools, so nothing is called). Rounds on the same data give the spread.
 *
 *   npx tsx bench/replay.bench.ts [--conversations 1000] [--rounds 3] [--database sqlite|postgres]
 */
import { parseArgs } from 'node:util';
import { importDemoAgents } from '../server/demo/import-demo-agents.ts';
import { replaySchema } from '../shared/api/replays-api.ts';
import { runSchema } from '../shared/api/text-chat-api.ts';
import { readJson } from '../test/helpers/read-json.ts';
import { createTestApp } from '../test/helpers/test-app.ts';
import { testDatabases } from '../test/helpers/test-databases.ts';
import { fmt } from './lib/stats.ts';

/** What a visitor says to file a claim, varied so branches differ: policies starting with 9 are lapsed. */
function visitorMessages(i: number): string[] {
  const policy = String(100_000 + ((i * 7919) % 900_000));
  if (policy.startsWith('9')) return [policy];
  const kind = ['car', 'home', 'travel'][i % 3] ?? 'car';
  return [policy, kind, `2026-11-${String((i % 28) + 1).padStart(2, '0')}`, `Conversation ${i}: a bump in the car park.`, i % 5 === 0 ? 'no' : 'yes'];
}

export async function runReplayBench(options: { conversations: number; rounds: number; database: 'sqlite' | 'postgres' }) {
  const target = testDatabases().find((db) => db.dialect === options.database);
  if (!target) throw new Error(`no ${options.database} database: set PARLEY_TEST_POSTGRES_URL for postgres`);
  const t = await createTestApp(target);
  try {
    const claims = (await importDemoAgents({ agentService: t.app.agentService, workspaceId: t.workspaceId })).find((a) => /claim/i.test(a.config.name));
    if (!claims) throw new Error('the demo claims agent was not imported');
    const sessions = `/workflow/${claims.publicId}/text-chat/sessions`;
    const recordStart = performance.now();
    let turns = 0;
    for (let i = 0; i < options.conversations; i++) {
      const run = await readJson(await t.call('POST', sessions, {}), runSchema, 201);
      for (const content of visitorMessages(i)) {
        const answer = await t.call('POST', `${sessions}/${run.workflow_run_id}/messages`, { content });
        if (answer.status !== 200) throw new Error(`turn answered ${answer.status}: ${await answer.text()}`);
        await answer.arrayBuffer();
        turns++;
      }
    }
    const recordMs = performance.now() - recordStart;
    const rounds: { ms: number; identical: number; conversations: number }[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const start = performance.now();
      const body = { version: claims.publishedVersion, calls: { last: options.conversations } };
      const queued = await readJson(await t.call('POST', `/v1/agents/${claims.publicId}/replays`, body), replaySchema, 202);
      await t.app.testing.replayWorker.idle();
      const done = await readJson(await t.call('GET', `/v1/agents/${claims.publicId}/replays/${queued.id}`), replaySchema, 200);
      const ms = performance.now() - start;
      if (done.status !== 'completed' || !done.summary) throw new Error(`replay ended ${done.status}: ${done.error ?? ''}`);
      rounds.push({ ms, identical: done.summary.identical, conversations: done.summary.conversations });
    }
    const sorted = [...rounds].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)] ?? sorted[0];
    return { ...options, turns, recordMs, rounds, medianMs: median?.ms ?? 0, perSecond: median ? (median.conversations / median.ms) * 1000 : 0 };
  } finally {
    await t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { conversations: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' }, database: { type: 'string', default: 'sqlite' } } });
  const database = values.database === 'postgres' ? 'postgres' : 'sqlite';
  const result = await runReplayBench({ conversations: Number(values.conversations), rounds: Number(values.rounds), database });
  console.log(`recorded ${result.conversations} conversations (${result.turns} turns) in ${fmt(result.recordMs)} ms on ${database}`);
  for (const round of result.rounds) console.log(`replay: ${round.conversations} conversations in ${fmt(round.ms)} ms, ${round.identical} identical`);
  console.log(`median: ${fmt(result.perSecond)} conversations/s (${fmt(result.medianMs)} ms)`);
}
