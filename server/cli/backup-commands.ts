/**
 * `parley backup FILE [--force]` and `parley restore FILE` for a SQLite `DATABASE_URL`
 * (issue #19 item 7). A Postgres database is backed up with its own tools: both commands
 * say so and exit 1. See README "Backups".
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { parseDatabaseUrl } from '../storage/database.ts';
import { knownMigrationNames } from '../storage/migrations.ts';
import { backupSqlite, checkSqliteBackup, restoreSqlite } from '../storage/sqlite-backup.ts';
import { liveServerMarks } from '../storage/sqlite-server-marks.ts';
import { UsageError, type CliIo } from './cli-io.ts';

const POSTGRES_BACKUP = `DATABASE_URL names a Postgres database: back it up with Postgres's own tools, which copy it consistently while servers run:
  pg_dump --format=custom --file=parley.dump "$DATABASE_URL"
and restore with (servers stopped):
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" parley.dump
(see README "Backups").`;

function fileArgument(command: string, args: string[], flags: Record<string, { type: 'boolean' }>) {
  const { values, positionals } = parseArgs({ args, options: flags, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(`Usage: parley ${command} FILE${'force' in flags ? ' [--force]' : ''} (one file, got ${positionals.length})`);
  return { file: resolve(positionals[0] as string), values };
}

function sqlitePath(config: Config): string | undefined {
  const { dialect, target } = parseDatabaseUrl(config.DATABASE_URL);
  return dialect === 'sqlite' && target !== ':memory:' ? resolve(target) : undefined;
}

/** `parley backup FILE [--force]`: a consistent copy while the server runs. */
export function runBackup(args: string[], config: Config, io: CliIo): number {
  const { file, values } = fileArgument('backup', args, { force: { type: 'boolean' } });
  const dbPath = sqlitePath(config);
  if (dbPath === undefined) return refusePostgres(config, io);
  if (file === dbPath) throw new UsageError('The backup file cannot be the database itself.');
  if (!existsSync(dbPath)) {
    io.err(`No database at ${dbPath} (DATABASE_URL): nothing to back up.`);
    return 1;
  }
  if (existsSync(file) && !values.force) {
    io.err(`${file} exists: pass --force to replace it.`);
    return 1;
  }
  backupSqlite(dbPath, file);
  io.out(`Backed up ${dbPath} to ${file}.`);
  return 0;
}

/** `parley restore FILE`: checks the file, refuses while a server holds the database, puts it in place. */
export function runRestore(args: string[], config: Config, io: CliIo): number {
  const { file } = fileArgument('restore', args, {});
  const dbPath = sqlitePath(config);
  if (dbPath === undefined) return refusePostgres(config, io);
  if (file === dbPath) throw new UsageError('The file to restore cannot be the database itself.');
  const check = checkSqliteBackup(file, knownMigrationNames());
  if (!check.ok) {
    io.err(`Not restoring ${file}: ${check.reason}.`);
    return 1;
  }
  const servers = liveServerMarks(dbPath);
  if (servers.length > 0) {
    io.err(`Not restoring: a Parley server (process ${servers.join(', ')}) is running on ${dbPath}. Stop it first.`);
    return 1;
  }
  const keptAs = `${dbPath}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const had = existsSync(dbPath);
  restoreSqlite(dbPath, file, keptAs);
  io.out(`Restored ${file} to ${dbPath}${had ? `; the database it replaced is kept as ${keptAs}` : ''}.`);
  return 0;
}

function refusePostgres(config: Config, io: CliIo): number {
  if (parseDatabaseUrl(config.DATABASE_URL).dialect === 'sqlite') io.err('DATABASE_URL is an in-memory SQLite database: there is no file to back up or restore.');
  else io.err(POSTGRES_BACKUP);
  return 1;
}
