/**
 * The entry point: the only place real dependencies are wired. `parley serve` (and
 * `npm start`) call `startServer`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createApp } from './app.ts';
import { createDrain } from './http/drain.ts';
import { createMetricsRoutes } from './http/metrics-routes.ts';
import { createParleyMetrics } from './metrics/parley-metrics.ts';
import { LOG_REDACTION } from './http/log-redaction.ts';
import { firstAdminLink } from './auth/first-admin.ts';
import { composeServices } from './compose-services.ts';
import { createPgEventBus } from './sessions/pg-event-bus.ts';
import { createSessionSweeper } from './sessions/session-sweeper.ts';
import { createGatherSweeper } from './calls/gather-sweeper.ts';
import { createRetentionSweeper } from './calls/retention-sweeper.ts';
import { bootstrapWorkspace } from './bootstrap.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { importDemoAgents } from './demo/import-demo-agents.ts';
import { createEmbedder } from './llm/create-embedder.ts';
import { createLlmClient } from './llm/create-llm-client.ts';
import { defaultPublicUrl } from './public-url.ts';
import { openDatabase, parseDatabaseUrl } from './storage/database.ts';
import { markServer } from './storage/sqlite-server-marks.ts';
import { createRepositories } from './storage/repositories.ts';
import { readVersion } from './version.ts';
import { startTracing, tracingWanted } from './tracing/start-tracing.ts';
import { traceLogFields } from './tracing/log-fields.ts';

/** After the grace period, how long aborted turns get to store their interruption. */
const ABORTED_TURNS_SETTLE_MS = 2_000;

export interface RunningServer {
  url: string;
  /** Where `/metrics` is served alone, with PARLEY_METRICS_PORT. */
  metricsUrl?: string;
  /** Where browsers should open it (`PARLEY_PUBLIC_URL`, else derived from `url`). */
  publicUrl: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const version = readVersion();
  // Off unless an OTLP endpoint is set: then nothing of the SDK is loaded and nothing is wrapped.
  const tracingOn = tracingWanted(config);
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'parley' }, redact: LOG_REDACTION, ...(tracingOn ? { mixin: traceLogFields } : {}) });
  const tracing = tracingOn ? await startTracing({ version, logger }) : undefined;
  const tracer = tracing?.tracer;
  const database = await openDatabase({ url: config.DATABASE_URL, poolSize: config.PARLEY_PG_POOL_SIZE, tracer });
  // `parley restore` refuses to replace a SQLite file while this mark says a server holds it.
  const sqliteTarget = database.dialect === 'sqlite' ? parseDatabaseUrl(config.DATABASE_URL).target : ':memory:';
  const unmarkServer = sqliteTarget === ':memory:' ? () => {} : markServer(sqliteTarget);
  const clock = systemClock;
  const repos = createRepositories(database.db, clock, { tracer });
  const llm = createLlmClient({
    model: config.PARLEY_MODEL,
    timeoutMs: config.PARLEY_LLM_TIMEOUT_MS,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
  });

  const embedder = config.PARLEY_EMBEDDING_MODEL
    ? createEmbedder({
        model: config.PARLEY_EMBEDDING_MODEL,
        timeoutMs: config.PARLEY_LLM_TIMEOUT_MS,
        ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
        ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
      })
    : undefined;

  const boot = await bootstrapWorkspace(repos, config.PARLEY_API_KEY);
  if (boot.generatedKey) {
    // Printed to stdout, not the log stream: it is shown exactly once, to the operator.
    process.stdout.write(`\n  Parley admin API key (shown once, keep it safe):\n\n    ${boot.generatedKey}\n\n`);
  }

  // On Postgres, pushed events reach streams held by other server processes.
  const bus = database.dialect === 'postgres' ? await createPgEventBus({ url: config.DATABASE_URL, db: database.db, logger }) : undefined;
  // Set once listening (the port may be 0 until then): absolute demo tool URLs on this
  // server's own origins are answered in-process, like demo tool paths.
  let listeningUrl: string | undefined;
  // With PORT=0 the default names the port picked at listen, set below; no request comes before.
  let publicUrl = config.PARLEY_PUBLIC_URL ?? defaultPublicUrl(config.HOST, config.PORT);
  // Off unless asked for: without a token or a port nothing is measured at all.
  const metricsOn = config.PARLEY_METRICS_TOKEN !== undefined || config.PARLEY_METRICS_PORT !== undefined;
  const metrics = metricsOn ? createParleyMetrics() : undefined;
  const services = composeServices({
    metrics,
    tracer,
    repos,
    llm,
    clock,
    logger,
    bus,
    idleMinutes: config.PARLEY_SESSION_IDLE_MINUTES,
    judgeModel: config.PARLEY_JUDGE_MODEL,
    embedder,
    testConcurrency: config.PARLEY_TEST_CONCURRENCY,
    testLeaseMs: config.PARLEY_TEST_RUN_LEASE_MS,
    prices: config.PARLEY_MODEL_PRICES,
    webhooks: { allowPrivate: config.PARLEY_ALLOW_PRIVATE_WEBHOOKS },
    tools: {
      allowPrivate: config.PARLEY_ALLOW_PRIVATE_TOOLS,
      ownOrigins: () => (listeningUrl === undefined ? [] : [publicUrl, listeningUrl]),
    },
  });
  const { calls, runtime, testing } = services;
  const drain = createDrain();
  // Assigned once started, below; until then readiness reports them stopped.
  let workers: Record<string, { readonly running: boolean }> = { starting: { running: false } };
  const app = createApp({ database, repos, llm, logger, clock, version, services, drain, tracer, publicUrl: () => publicUrl,
    rateLimits: {
      perIp: { capacity: config.PARLEY_RATE_LIMIT_IP_PER_MINUTE, perMinute: config.PARLEY_RATE_LIMIT_IP_PER_MINUTE },
      perSession: { capacity: Math.min(20, config.PARLEY_RATE_LIMIT_SESSION_PER_MINUTE), perMinute: config.PARLEY_RATE_LIMIT_SESSION_PER_MINUTE },
    },
    trustProxyHops: config.PARLEY_TRUST_PROXY,
    workers: () => workers,
    ...(metrics ? { metrics, metricsToken: config.PARLEY_METRICS_TOKEN } : {}),
  });
  // Resumes runs a previous process queued; the poll picks up runs other processes queue.
  await testing.queue.start({ pollMs: 5_000 });
  // Documents a previous process left half-ingested are taken again once their lease runs out.
  services.knowledge.queue.start({ pollMs: 5_000 });
  // Replays a stopped or dead process left are taken again (at once, or once their lease runs out).
  testing.replayWorker.start({ pollMs: 5_000 });
  const sweeper = createSessionSweeper({ db: database.db, sessions: runtime.sessions, clock, logger });
  sweeper.start();
  // Deliveries a previous process queued go out now; new ones as they are queued.
  calls.webhooks.worker.start();
  const gatherSweeper = createGatherSweeper({ gathers: app.calls.gathers, logger });
  gatherSweeper.start();
  workers = { 'test runs': testing.queue, 'session sweep': sweeper, 'webhook deliveries': calls.webhooks.worker, 'gather sweep': gatherSweeper };
  const retentionSweeper = createRetentionSweeper({ retention: repos.retention, erasure: repos.erasure, clock, logger });
  retentionSweeper.start();
  if (boot.firstStart) {
    // Before listening, so no request sees a half-set-up server (a /health of 200 with 2 of
    // the 3 demo agents). Their tools are named by path, so nothing depends on the port.
    const demo = await importDemoAgents({ agentService: app.agentService, workspaceId: boot.workspaceId });
    process.stdout.write(`  Demo agents imported: ${demo.map((a) => `${a.config.name} (${a.publicId})`).join(', ')}\n\n`);
  }
  // Setup is done (migrations, the admin key, the demo agents): only now is there a socket to connect to.
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  // In flight from arrival until the response has ended: a streamed turn until its last event.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => void res.once('close', drain.enter()));
  const metricsPort = config.PARLEY_METRICS_PORT;
  const metricsServer =
    metrics && metricsPort !== undefined
      ? await new Promise<ReturnType<typeof serve>>((resolve) => {
          const routes = createMetricsRoutes({ metrics, token: config.PARLEY_METRICS_TOKEN });
          const s = serve({ fetch: routes.fetch, port: metricsPort, hostname: config.HOST }, () => resolve(s));
        })
      : undefined;
  const metricsAddress = metricsServer?.address();
  const metricsUrl = metricsAddress !== null && typeof metricsAddress === 'object' ? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${metricsAddress.port}/metrics` : undefined;
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  listeningUrl = url;
  publicUrl = config.PARLEY_PUBLIC_URL ?? defaultPublicUrl(config.HOST, port);
  // After listening: the link names the public URL, whose port PORT=0 only now knows.
  const firstAdmin = await firstAdminLink({ users: repos.users, links: app.auth.links }, boot.workspaceId, config.PARLEY_ADMIN_EMAIL);
  if (firstAdmin) {
    // Stdout, like the key: a secret for the operator, never for the log stream.
    process.stdout.write(`  Console: no admin can sign in yet. Set the password of the first admin (${firstAdmin.email}) here —
  single use, valid 72 hours, a new one is printed at each start until it is used:

    ${firstAdmin.url}

`);
  }
  logger.info({ url, publicUrl, db: database.dialect, llm: llm.configured ? 'configured' : 'not configured', ...(metricsUrl ? { metrics: metricsUrl } : {}) }, 'Parley is listening');

  return {
    url,
    publicUrl,
    ...(metricsUrl ? { metricsUrl } : {}),
    /**
     * Drain, then close: stop listening, end `/events` streams, refuse new requests, and give
     * turns, test runs and webhook sends in progress the grace period to finish. What is
     * left at the deadline is cut off (its turn records the interruption) before the
     * database closes.
     */
    async close() {
      const deadline = performance.now() + config.PARLEY_SHUTDOWN_GRACE_MS;
      const remaining = () => Math.max(0, deadline - performance.now());
      drain.begin();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      metricsServer?.close();
      // Sweeps end soon (a few queries); the database stays open until they have.
      const sweepsStopped = Promise.all([sweeper.stop(), gatherSweeper.stop(), retentionSweeper.stop()]);
      logger.info({ in_flight: drain.inFlight, grace_ms: config.PARLEY_SHUTDOWN_GRACE_MS }, 'shutting down: draining');
      const [requestsDone] = await Promise.all([
        drain.settled(remaining()),
        testing.queue.stop({ graceMs: remaining() }),
        services.knowledge.queue.stop(),
        testing.replayWorker.stop(),
        // Attempts still unsent at the deadline keep their lease, which lapses for the next process.
        Promise.race([calls.webhooks.worker.stop(), new Promise((resolve) => setTimeout(resolve, remaining()).unref())]),
      ]);
      if (!requestsDone) logger.warn({ in_flight: drain.inFlight }, 'shutdown grace period over: cutting off requests still in flight');
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      await sweepsStopped;
      // Cut-off turns were aborted with their connections: let them record that, briefly.
      await Promise.race([runtime.queue.idle(), new Promise((resolve) => setTimeout(resolve, ABORTED_TURNS_SETTLE_MS).unref())]);
      await bus?.close();
      await database.close();
      unmarkServer();
      // Last, so the drain's own spans go out too; close() waits no longer than the grace
      // period, though a collector that is down keeps the exporter's last attempt (and so the
      // process) alive for up to its timeout, OTEL_EXPORTER_OTLP_TIMEOUT (10 s).
      if (tracing) await Promise.race([tracing.shutdown(), new Promise((resolve) => setTimeout(resolve, remaining()).unref())]);
    },
  };
}
