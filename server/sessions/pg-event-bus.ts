/**
 * The session event bus across processes: Postgres LISTEN/NOTIFY carries "session N has
 * new events" to every server on the database, so a widget whose events stream is held by
 * one process hears an operator message or a gather pushed through another; and "the
 * inbox of workspace W changed", so every operator's inbox stream hears of it. Signals
 * (typing) travel the same channel as JSON, marked with the sending process so it does not
 * hear its own twice.
 */
import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../storage/schema.ts';
import { createLocalEventBus, parseBusSignal, parseBusTopic, type SessionEventBus } from './session-event-bus.ts';

export interface PgEventBus extends SessionEventBus {
  close(): Promise<void>;
}

export async function createPgEventBus(deps: { url: string; db: Kysely<Database>; logger: Logger; channel?: string }): Promise<PgEventBus> {
  const channel = deps.channel ?? 'parley_session_events';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  const local = createLocalEventBus();
  const self = randomUUID();
  let closed = false;
  let client: pg.Client | undefined;

  async function listen(): Promise<void> {
    const next = new pg.Client({ connectionString: deps.url });
    next.on('notification', (message) => {
      const topic = parseBusTopic(message.payload);
      if (topic !== undefined) return local.notify(topic);
      const signal = parseBusSignal(message.payload);
      if (signal && signal.from !== self) local.signal(signal.topic, signal.data);
    });
    // A dropped listener connection would silently stop cross-process pushes: reconnect.
    next.on('error', (err) => {
      deps.logger.warn({ err }, 'event bus connection lost; reconnecting');
      void next.end().catch(() => undefined);
      if (!closed) setTimeout(() => void listen().catch((e: unknown) => deps.logger.error({ err: e }, 'event bus reconnect failed')), 500).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  }
  await listen();

  return {
    notify(topic) {
      // Local streams are woken at once; other processes through Postgres.
      local.notify(topic);
      void sql`select pg_notify(${channel}, ${String(topic)})`.execute(deps.db).catch((err: unknown) => deps.logger.error({ err }, 'pg_notify failed'));
    },
    subscribe: (topic, listener) => local.subscribe(topic, listener),
    signal(topic, data) {
      local.signal(topic, data);
      const payload = JSON.stringify({ topic: String(topic), data, from: self });
      void sql`select pg_notify(${channel}, ${payload})`.execute(deps.db).catch((err: unknown) => deps.logger.error({ err }, 'pg_notify failed'));
    },
    onSignal: (topic, listener) => local.onSignal(topic, listener),
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
