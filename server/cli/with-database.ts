import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { createRepositories, type Repositories } from '../storage/repositories.ts';

/** Run a CLI action against the configured database, closing it afterwards. */
export async function withRepositories<T>(config: Config, action: (repos: Repositories) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: config.DATABASE_URL });
  try {
    return await action(createRepositories(database.db, systemClock));
  } finally {
    await database.close();
  }
}
