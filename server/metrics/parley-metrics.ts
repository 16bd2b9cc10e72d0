/**
 * Parley's Prometheus metrics, one registry per app (no global one, so every test builds
 * its own). Recording is synchronous and cheap — a few histogram observations per turn;
 * what costs a query (queue depths, pool use) is read only when `/metrics` is scraped.
 * Label sets are bounded: channels, end reasons and error codes are closed sets (capped
 * anyway); tool and model names pass through `boundedLabel`. No session or visitor ids.
 *
 * @example
 * const metrics = createParleyMetrics();
 * metrics.turn({ channel: 'widget', elapsedMs: 120, serverMs: 4, error: undefined, toolCalls: [] });
 * const text = await metrics.render();
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { boundedLabel } from './bounded-label.ts';

/** Seconds; turns and LLM calls run from milliseconds (scripted nodes) to tens of seconds. */
const SLOW_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds; the server's own share of a turn is small. */
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export interface TurnFigures {
  channel: string;
  elapsedMs: number;
  /** The turn minus LLM and tool time; null when not known (a failed turn). */
  serverMs: number | null;
  /** The error code of a failed turn. */
  error: string | undefined;
  toolCalls: readonly { name: string; ms: number; failed: boolean }[];
}

export interface LlmCallFigures {
  model: string;
  ttfbMs: number;
  totalMs: number;
  promptTokens: number;
  completionTokens: number;
}

/** What a queue reports at scrape time: its depth and how long its oldest item has waited. */
export interface QueueFigures {
  depth: number;
  oldestAgeSeconds: number;
}

export interface PoolFigures {
  total: number;
  idle: number;
  waiting: number;
}

export interface ParleyMetrics {
  turn(figures: TurnFigures): void;
  llmCall(figures: LlmCallFigures): void;
  llmFailed(model: string, code: string): void;
  sessionStarted(channel: string): void;
  sessionEnded(channel: string, reason: string): void;
  /** An event stream opened; call the returned function once when it closes. */
  streamOpened(kind: 'session' | 'inbox'): () => void;
  /** A queue read at every scrape (test runs, webhook deliveries; replays and knowledge ingestion when they exist). */
  addQueue(name: string, read: () => Promise<QueueFigures>): void;
  /** The database pool, read at every scrape. */
  setPool(read: () => PoolFigures): void;
  readonly contentType: string;
  render(): Promise<string>;
}

export interface MetricsOptions {
  /** Node's process figures (CPU, memory, event loop lag, handles); on by default. */
  processMetrics?: boolean;
}

export function createParleyMetrics(options: MetricsOptions = {}): ParleyMetrics {
  const registers = [new Registry()];
  const [registry] = registers;
  if (!registry) throw new Error('unreachable');
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const tool = boundedLabel(100);
  const model = boundedLabel(20);
  const code = boundedLabel(50);
  const closed = boundedLabel(20);

  const turnSeconds = new Histogram({ name: 'parley_turn_duration_seconds', help: 'Turns, from the message arriving to its answer committed, by channel', labelNames: ['channel'], buckets: SLOW_BUCKETS, registers });
  const serverSeconds = new Histogram({ name: 'parley_turn_server_seconds', help: "The server's own share of a turn (server_ms: the turn minus LLM and tool time), by channel", labelNames: ['channel'], buckets: FAST_BUCKETS, registers });
  const turnErrors = new Counter({ name: 'parley_turn_errors_total', help: 'Turns that failed (answered with the polite apology), by error code', labelNames: ['code'], registers });
  const llmTtfb = new Histogram({ name: 'parley_llm_ttfb_seconds', help: 'LLM calls: time to the first streamed token, by model', labelNames: ['model'], buckets: SLOW_BUCKETS, registers });
  const llmSeconds = new Histogram({ name: 'parley_llm_duration_seconds', help: 'LLM calls: total time, by model', labelNames: ['model'], buckets: SLOW_BUCKETS, registers });
  const llmTokens = new Counter({ name: 'parley_llm_tokens_total', help: 'LLM tokens, by model and kind (prompt, completion)', labelNames: ['model', 'kind'], registers });
  const llmErrors = new Counter({ name: 'parley_llm_errors_total', help: 'LLM calls that failed, by model and error code', labelNames: ['model', 'code'], registers });
  const toolSeconds = new Histogram({ name: 'parley_tool_duration_seconds', help: 'Tool calls, by tool name', labelNames: ['tool'], buckets: SLOW_BUCKETS, registers });
  const toolErrors = new Counter({ name: 'parley_tool_errors_total', help: 'Tool calls that failed, by tool name', labelNames: ['tool'], registers });
  const started = new Counter({ name: 'parley_sessions_started_total', help: 'Sessions (calls) started, by channel', labelNames: ['channel'], registers });
  const ended = new Counter({ name: 'parley_sessions_ended_total', help: 'Sessions (calls) ended, by channel and reason', labelNames: ['channel', 'reason'], registers });
  const streams = new Gauge({ name: 'parley_event_streams_open', help: 'Open server-sent event streams in this process, by kind (session, inbox)', labelNames: ['kind'], registers });

  const queues = new Map<string, () => Promise<QueueFigures>>();
  let queueRead: Promise<[string, QueueFigures][]> | undefined;
  /** One read of every queue per scrape, shared by the two gauges below. */
  const readQueues = () =>
    (queueRead ??= Promise.all([...queues].map(async ([name, read]) => [name, await read()] as [string, QueueFigures])).finally(() => {
      queueRead = undefined;
    }));
  new Gauge({
    name: 'parley_queue_depth',
    help: 'Items waiting in a background queue (test runs, webhook deliveries, …)',
    labelNames: ['queue'],
    registers,
    async collect() {
      for (const [name, figures] of await readQueues()) this.set({ queue: name }, figures.depth);
    },
  });
  new Gauge({
    name: 'parley_queue_oldest_age_seconds',
    help: 'How long the oldest waiting item of a background queue has waited (0 when empty)',
    labelNames: ['queue'],
    registers,
    async collect() {
      for (const [name, figures] of await readQueues()) this.set({ queue: name }, figures.oldestAgeSeconds);
    },
  });
  let pool: (() => PoolFigures) | undefined;
  new Gauge({
    name: 'parley_db_pool_connections',
    help: "This process's database pool (Postgres): connections by state (total, idle, waiting requests)",
    labelNames: ['state'],
    registers,
    collect() {
      const figures = pool?.();
      if (!figures) return;
      this.set({ state: 'total' }, figures.total);
      this.set({ state: 'idle' }, figures.idle);
      this.set({ state: 'waiting' }, figures.waiting);
    },
  });

  return {
    turn(figures) {
      const channel = closed(figures.channel);
      turnSeconds.observe({ channel }, figures.elapsedMs / 1000);
      if (figures.serverMs !== null) serverSeconds.observe({ channel }, figures.serverMs / 1000);
      if (figures.error !== undefined) turnErrors.inc({ code: code(figures.error) });
      for (const call of figures.toolCalls) {
        const name = tool(call.name);
        toolSeconds.observe({ tool: name }, call.ms / 1000);
        if (call.failed) toolErrors.inc({ tool: name });
      }
    },
    llmCall(figures) {
      const name = model(figures.model);
      llmTtfb.observe({ model: name }, figures.ttfbMs / 1000);
      llmSeconds.observe({ model: name }, figures.totalMs / 1000);
      llmTokens.inc({ model: name, kind: 'prompt' }, figures.promptTokens);
      llmTokens.inc({ model: name, kind: 'completion' }, figures.completionTokens);
    },
    llmFailed(name, errorCode) {
      llmErrors.inc({ model: model(name), code: code(errorCode) });
    },
    sessionStarted: (channel) => started.inc({ channel: closed(channel) }),
    sessionEnded: (channel, reason) => ended.inc({ channel: closed(channel), reason: closed(reason) }),
    streamOpened(kind) {
      streams.inc({ kind });
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        streams.dec({ kind });
      };
    },
    addQueue(name, read) {
      queues.set(name, read);
    },
    setPool(read) {
      pool = read;
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}
