/**
 * Wires `/metrics` figures to what they measure: session lifecycle and turns through a
 * session observer, event streams through the bus their subscriptions go through, and
 * the queues and database pool read at scrape time. Built only when metrics are on
 * (PARLEY_METRICS_TOKEN or PARLEY_METRICS_PORT): otherwise none of this runs.
 */
import type { Clock } from './clock.ts';
import type { ParleyMetrics } from './metrics/parley-metrics.ts';
import type { SessionEventBus } from './sessions/session-event-bus.ts';
import type { SessionObserver } from './sessions/session-observer.ts';
import type { DatabaseHandle } from './storage/database.ts';
import { postgresPoolOf } from './storage/postgres-pool-dialect.ts';
import { createQueueFigures } from './storage/queue-figures.ts';

export function metricsObserver(metrics: ParleyMetrics): SessionObserver {
  return {
    started: (session) => metrics.sessionStarted(session.channel),
    ended: (session) => metrics.sessionEnded(session.channel, session.endedReason ?? 'unknown'),
    turnEnded: (session, turn) => metrics.turn({ channel: session.channel, ...turn }),
  };
}

/** The bus with each subscription counted as an open event stream (only streams subscribe). */
export function countingStreams(bus: SessionEventBus, metrics: ParleyMetrics): SessionEventBus {
  return {
    notify: (topic) => bus.notify(topic),
    signal: (topic, data) => bus.signal(topic, data),
    onSignal: (topic, listener) => bus.onSignal(topic, listener),
    subscribe(topic, listener) {
      const closed = metrics.streamOpened(typeof topic === 'number' ? 'session' : 'inbox');
      const unsubscribe = bus.subscribe(topic, listener);
      return () => {
        closed();
        unsubscribe();
      };
    },
  };
}

/** Queue depths and the pool, read when `/metrics` is scraped. */
export function addScrapeFigures(metrics: ParleyMetrics, database: DatabaseHandle, clock: Clock): void {
  const queues = createQueueFigures(database.db, clock);
  metrics.addQueue('test_runs', queues.testRuns);
  metrics.addQueue('webhook_deliveries', queues.webhookDeliveries);
  metrics.addQueue('webhook_outbox', queues.webhookOutbox);
  metrics.addQueue('knowledge_ingestion', queues.knowledgeIngestion);
  metrics.addQueue('replays', queues.replays);
  const pool = postgresPoolOf(database.db);
  if (pool) metrics.setPool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
}
