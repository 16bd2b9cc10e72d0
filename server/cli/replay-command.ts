/**
 * `parley replay <agent_id> --version N`: the CI gate on a draft (#18 item 3). Queues a
 * replay of the agent's recent calls (`--last`, default 100) against the version, waits
 * for it, prints a line per conversation that did not replay identically and a summary,
 * and writes JUnit XML (one testcase per conversation) when asked.
 * Exit codes: 0 nothing diverged but at nodes `--allow-node` accepts (text-only changes
 * pass); 1 a divergence elsewhere, a conversation that could not be replayed, a failed or
 * unfinished replay; 2 usage, authentication or HTTP error.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createParleyClient, ParleyError } from '../../client/index.ts';
import { replaySchema, type Replay, type ReplayConversation } from '../../shared/api/replays-api.ts';
import { divergedAt } from '../testing/replay/replay-presenter.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { junitReport, type JUnitCase } from './junit-report.ts';
import { answerChecker, DEFAULT_SERVER, failureLine, type TestCommandDeps } from './test-command.ts';

export const REPLAY_USAGE = 'Usage: parley replay <agent_id> --version N [--last N] [--allow-node NODE]... [--server URL] [--junit FILE] [--timeout SECONDS]';

const checkAnswer = answerChecker({ 'POST /v1/agents/{id}/replays': replaySchema, 'GET /v1/agents/{id}/replays/{replay_id}': replaySchema });

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      version: { type: 'string' },
      last: { type: 'string', default: '100' },
      'allow-node': { type: 'string', multiple: true, default: [] },
      server: { type: 'string' },
      junit: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      'poll-ms': { type: 'string', default: '1000' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [agentId] = positionals;
  if (!agentId || positionals.length > 1 || values.version === undefined) throw new UsageError(REPLAY_USAGE);
  const positive = (text: string, name: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
    return n;
  };
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
  return {
    agentId,
    version: positive(values.version, '--version'),
    last: positive(values.last, '--last'),
    allowed: new Set(values['allow-node']),
    server: values.server,
    junit: values.junit,
    timeoutMs: timeout * 1000,
    pollMs: positive(values['poll-ms'], '--poll-ms'),
  };
}

/** Whether a conversation passes the gate: identical, text only, or diverged at an allowed node. */
function passes(conversation: ReplayConversation, allowed: ReadonlySet<string>): boolean {
  if (conversation.status === 'identical' || conversation.status === 'text_only') return true;
  return conversation.status === 'diverged' && allowed.has(divergedAt(conversation));
}

function describe(conversation: ReplayConversation): string {
  const divergence = conversation.first_divergence;
  if (conversation.status === 'error' || !divergence) return conversation.error ?? conversation.status;
  const side = (s: typeof divergence.recorded) => s.transition ?? `rests at ${s.node ?? '(none)'}`;
  const where = `turn ${divergence.turn}: recorded ${side(divergence.recorded)}, replayed ${side(divergence.replayed)}`;
  const variables = divergence.variables.map((v) => v.path);
  return variables.length === 0 ? where : `${where}; variables differ: ${variables.join(', ')}`;
}

export async function runReplayCommand(args: string[], io: CliIo, deps: TestCommandDeps = {}): Promise<number> {
  const options = parse(args);
  const apiKey = io.env.PARLEY_API_KEY?.trim();
  if (!apiKey) {
    io.err('PARLEY_API_KEY is not set: export the API key of the workspace to replay.');
    return 2;
  }
  const server = options.server ?? io.env.PARLEY_SERVER?.trim() ?? DEFAULT_SERVER;
  const parley = createParleyClient({ baseUrl: server, apiKey, validate: checkAnswer, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? (() => Date.now());

  let replay: Replay;
  const started = now();
  try {
    replay = await parley.replays.start(options.agentId, { version: options.version, calls: { last: options.last } });
    io.out(`Replaying ${replay.conversations.length} calls of ${options.agentId} against version ${options.version} on ${server}`);
    while ((replay.status === 'queued' || replay.status === 'running') && now() < started + options.timeoutMs) {
      await sleep(options.pollMs);
      replay = await parley.replays.get(options.agentId, replay.id);
    }
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    io.err(failureLine(error, server));
    return 2;
  }

  for (const conversation of replay.conversations) {
    if (conversation.status === 'identical' || conversation.status === 'pending') continue;
    const label = passes(conversation, options.allowed) ? (conversation.status === 'text_only' ? 'TEXT   ' : 'ALLOWED') : conversation.status === 'error' ? 'ERROR  ' : 'DIVERGED';
    io.out(`${label} ${conversation.call_id}: ${describe(conversation)}`);
  }
  const { summary } = replay;
  io.out(`\n${summary.conversations} calls: ${summary.identical} identical, ${summary.text_only} text only, ${summary.diverged} diverged, ${summary.errors} errors (${((now() - started) / 1000).toFixed(1)}s)`);
  const finished = replay.status === 'completed';
  if (!finished) io.out(replay.status === 'failed' ? `The replay failed: ${replay.error ?? 'no reason given'}` : `Timed out: the replay is still ${replay.status} after ${options.timeoutMs / 1000}s`);

  if (options.junit) {
    const cases: JUnitCase[] = replay.conversations.map((conversation) => {
      const outcome = passes(conversation, options.allowed) ? 'passed' : conversation.status === 'diverged' ? 'failed' : 'error';
      return { name: conversation.call_id, classname: `${options.agentId}.replay`, seconds: 0, outcome, ...(outcome === 'passed' ? {} : { message: describe(conversation) }) };
    });
    await (deps.writeFile ?? ((path, text) => writeFile(path, text, 'utf8')))(options.junit, junitReport(`${options.agentId}.v${options.version}`, cases));
    io.out(`JUnit report written to ${options.junit}`);
  }
  return finished && replay.conversations.every((conversation) => passes(conversation, options.allowed)) ? 0 : 1;
}
