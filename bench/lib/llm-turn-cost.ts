/**
 * What an `llm` turn costs beyond the LLM's own time, one turn at a time: from outside,
 * the client's round trip minus the fake LLM's time from receiving the request to its
 * last byte (HTTP, access, the session read, the commit and the answer included); and
 * `server_ms` as Parley records it with the turn (its own share of the turn, whole ms).
 */
import { z } from 'zod';
import type { FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import type { Post } from './first-delta.ts';
import { percentile } from './stats.ts';

export interface LlmTurnCost {
  samples: number;
  /** Round trip minus the LLM's time, ms. */
  addedP50: number;
  addedP99: number;
  /** The turns' recorded server_ms. */
  serverMsP50: number;
  serverMsP99: number;
}

const withRun = z.looseObject({ workflow_run_id: z.number().int() });
const TURNS_PER_SESSION = 10;
/** The fake LLM's think time before its first byte, so the turn really waits on it. */
const LLM_DELAY_MS = 20;

/** `recordedServerMs(runs)`: the server_ms Parley stored with the turns of these sessions. */
export async function measureLlmTurnCost(
  llm: FakeLlm,
  post: Post,
  base: string,
  turns: number,
  recordedServerMs: (runs: number[]) => Promise<number[]>,
  message: (turn: number) => string = (turn) => `question ${turn}`,
): Promise<LlmTurnCost> {
  llm.reset();
  llm.setHandler(() => ({ content: 'A short answer from the model.', delayMs: LLM_DELAY_MS }));
  const added: number[] = [];
  const runs: number[] = [];
  for (let turn = 0; turn < turns; turn++) {
    if (turn % TURNS_PER_SESSION === 0) runs.push(withRun.parse(await (await post(base, {})).json()).workflow_run_id);
    const before = llm.timings.length;
    const sent = performance.now();
    await (await post(`${base}/${runs.at(-1)}/messages`, { content: message(turn) })).arrayBuffer();
    const answered = performance.now();
    const llmMs = llm.timings.slice(before).reduce((total, t) => total + ((t.finishedAt ?? t.receivedAt) - t.receivedAt), 0);
    added.push(answered - sent - llmMs);
  }
  llm.reset();
  const serverMs = (await recordedServerMs(runs)).sort((a, b) => a - b);
  added.sort((a, b) => a - b);
  return { samples: added.length, addedP50: percentile(added, 50), addedP99: percentile(added, 99), serverMsP50: percentile(serverMs, 50), serverMsP99: percentile(serverMs, 99) };
}
