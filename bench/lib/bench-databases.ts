/**
 * Two fresh databases of one engine for a text-chat run: Parley's and the turn floor's,
 * so neither measures the other's rows. Dropped (or deleted) by `drop()`.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTempPostgresDatabase } from '../../test/helpers/postgres-database.ts';
import { tempSqliteUrl } from '../../test/helpers/server-process.ts';

export type BenchDatabase = { engine: 'sqlite' } | { engine: 'postgres'; adminUrl: string };

export interface BenchDatabases {
  parleyUrl: string;
  floorUrl: string;
  drop(): Promise<void>;
}

export async function createBenchDatabases(database: BenchDatabase): Promise<BenchDatabases> {
  if (database.engine === 'sqlite') {
    const parleyUrl = tempSqliteUrl();
    const floorUrl = tempSqliteUrl();
    return {
      parleyUrl,
      floorUrl,
      async drop() {
        for (const url of [parleyUrl, floorUrl]) rmSync(dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
      },
    };
  }
  const parley = await createTempPostgresDatabase(database.adminUrl);
  const floor = await createTempPostgresDatabase(database.adminUrl).catch(async (error: unknown) => {
    await parley.drop();
    throw error;
  });
  return {
    parleyUrl: parley.url,
    floorUrl: floor.url,
    async drop() {
      await parley.drop();
      await floor.drop();
    },
  };
}
