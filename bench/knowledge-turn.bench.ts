/**
 * What a knowledge search adds to a text-chat turn (issue #17: "a turn with retrieval adds no
 * more than [20 ms] to server_ms"). The compiled server (`npm start`) on a fresh SQLite file
 * and the fake LLM; one knowledge base of about 10k passages uploaded through the API and
 * ingested by the server's queue (`knowledge/synthetic-passages.ts`: the Jargon File's
 * sentences shuffled across entries). Two agents with the same `llm` node, one answering
 * from the base and one without; each gets the evaluation set's questions one turn at a time
 * (ten turns a session, so a search reads the last three questions). Compared: the
 * `server_ms` the server recorded with each turn, and the round trip minus the LLM's time.
 *
 *   npx tsx bench/knowledge-turn.bench.ts [--passages 10000] [--turns 200]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { buildServer } from '../scripts/build-server.ts';
import { generateApiKey } from '../server/auth/api-key.ts';
import { openDatabase } from '../server/storage/database.ts';
import { startFakeLlm } from '../test/fake-llm/fake-llm.ts';
import { llmAgentBody } from '../test/fixtures/loop-agent.ts';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { readEvaluationQuestions } from './knowledge/retrieval-metrics.ts';
import { corpusEntries, syntheticPassage } from './knowledge/synthetic-passages.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';
import { measureLlmTurnCost, type LlmTurnCost } from './lib/llm-turn-cost.ts';
import { poster, startParley } from './lib/parley-child.ts';
import { recordedServerMs } from './lib/recorded-server-ms.ts';
import { fmt } from './lib/stats.ts';

const DOCUMENTS = 100;
const withId = z.looseObject({ id: z.string() });
const documentList = z.object({ data: z.array(z.object({ status: z.string(), passage_count: z.number() })) });

export interface KnowledgeTurnFigures {
  passages: number;
  load: { before: number; after: number };
  without: LlmTurnCost;
  with: LlmTurnCost;
}

/** A document of `sections` synthetic passages, each under its own heading (one passage each once split). */
function syntheticDocument(sections: number, random: () => number, entries: ReturnType<typeof corpusEntries>): string {
  return Array.from({ length: sections }, () => {
    const { heading, text } = syntheticPassage(entries, random);
    return `## ${heading}\n\n${text}`;
  }).join('\n\n');
}

export async function benchKnowledgeTurn(passages: number, turns: number): Promise<KnowledgeTurnFigures> {
  const before = loadavg()[0] ?? Number.NaN;
  const url = tempSqliteUrl();
  const key = generateApiKey();
  const llm = await startFakeLlm();
  const { entry } = await buildServer();
  const parley = await startParley(entry, { DATABASE_URL: url, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench' });
  try {
    const post = poster(parley.url, key);
    const base = withId.parse(await (await post('/v1/knowledge-bases', { name: 'Jargon, varied' })).json()).id;
    const entries = corpusEntries();
    const random = seededRandom(17);
    for (let d = 0; d < DOCUMENTS; d++) {
      await post(`/v1/knowledge-bases/${base}/documents`, { title: `The Jargon File, varied (${d})`, content: syntheticDocument(passages / DOCUMENTS, random, entries) });
    }
    const stored = await ingested(parley.url, key, base);
    const questions = readEvaluationQuestions().map((q) => q.question);
    const message = (turn: number) => questions[turn % questions.length] ?? 'hello';
    const serverMs = async (runs: number[]) => {
      const reader = await openDatabase({ url });
      try {
        return await recordedServerMs(reader.db, runs);
      } finally {
        await reader.close();
      }
    };
    const agentBase = async (extra: Record<string, unknown>) =>
      `/workflow/${withId.parse(await (await post('/v1/agents', { ...llmAgentBody(), ...extra })).json()).id}/text-chat/sessions`;
    const plain = await agentBase({});
    const grounded = await agentBase({ knowledge_base_ids: [base] });
    await measureLlmTurnCost(llm, post, grounded, 20, serverMs, message); // warm-up: JIT, statement cache, page cache
    const without = await measureLlmTurnCost(llm, post, plain, turns, serverMs, message);
    const withKnowledge = await measureLlmTurnCost(llm, post, grounded, turns, serverMs, message);
    return { passages: stored, load: { before, after: loadavg()[0] ?? Number.NaN }, without, with: withKnowledge };
  } finally {
    await parley.stop();
    await llm.close();
  }
}

/** Waits for the server's queue to ingest every document; the passages stored. */
async function ingested(url: string, key: string, base: string): Promise<number> {
  for (;;) {
    const res = await fetch(`${url}/v1/knowledge-bases/${base}/documents`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`listing the documents answered ${res.status}`);
    const { data } = documentList.parse(await res.json());
    if (data.some((d) => d.status === 'failed')) throw new Error('a document failed to ingest');
    if (data.every((d) => d.status === 'ready')) return data.reduce((sum, d) => sum + d.passage_count, 0);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function knowledgeTurnTable(f: KnowledgeTurnFigures): string[] {
  const row = (name: string, c: LlmTurnCost) => `| ${name} | ${c.samples} | ${fmt(c.serverMsP50, 0)} | ${fmt(c.serverMsP99, 0)} | ${fmt(c.addedP50)} | ${fmt(c.addedP99)} |`;
  return [
    `${f.passages} passages; load average ${fmt(f.load.before, 2)} before, ${fmt(f.load.after, 2)} after`,
    '',
    '| `llm` agent | turns | server_ms p50 | server_ms p99 | round trip − LLM p50 ms | p99 ms |',
    '|---|---|---|---|---|---|',
    row('without knowledge', f.without),
    row('answering from the base', f.with),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { passages: { type: 'string', default: '10000' }, turns: { type: 'string', default: '200' } } });
  console.log(knowledgeTurnTable(await benchKnowledgeTurn(Number(values.passages), Number(values.turns))).join('\n'));
}
