/**
 * The `parley` command. Each subcommand lives in its own file; this one only dispatches.
 * Returns the process exit code: 0 success, 1 failure of the thing asked, 2 usage error.
 */
import { loadConfig } from '../config.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { runAgentsImport } from './agents-import-command.ts';
import { runBackup, runRestore } from './backup-commands.ts';
import { runKeysCreate, runWorkspacesCreate } from './keys-commands.ts';
import { runServe } from './serve-command.ts';
import { runUsersCreate } from './users-commands.ts';
import { runTestCommand } from './test-command.ts';
import { runReplayCommand } from './replay-command.ts';

export const USAGE = `Usage: parley <command>

  serve                               start the server (the default)
  workspaces create [--name NAME]     create a workspace and an API key for it
  keys create [--workspace N]         create an API key (default: the first workspace)
  users create --email E --role R [--workspace N]
                                      add a console user (admin|builder|operator) and
                                      print the one-time link that sets their password
  agents import FILE... [--workspace N]
                                      import agent JSON files (config + workflow; a glob works)
  test AGENT_ID [--server URL] [--junit FILE] [--timeout S]
                                      run an agent's tests on a server (CI gate; exit 0/1/2)
  backup FILE [--force]               copy the SQLite database to FILE while the server runs
  restore FILE                        put a backup in place of the SQLite database (server
                                      stopped; the old file is kept beside it)
  replay AGENT_ID --version N [--last N] [--allow-node NODE]... [--junit FILE]
                                      replay recent calls against a version (CI gate; exit 0/1/2)

Environment: DATABASE_URL, PORT, HOST, OPENAI_BASE_URL, OPENAI_API_KEY, PARLEY_API_KEY …
(see README.md).`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command = 'serve', sub, ...rest] = argv;
  try {
    if (command === 'serve') return await runServe(loadConfig(io.env), io);
    if (command === 'workspaces' && sub === 'create') return await runWorkspacesCreate(rest, loadConfig(io.env), io);
    if (command === 'keys' && sub === 'create') return await runKeysCreate(rest, loadConfig(io.env), io);
    if (command === 'users' && sub === 'create') return await runUsersCreate(rest, loadConfig(io.env), io);
    if (command === 'agents' && sub === 'import') return await runAgentsImport(rest, loadConfig(io.env), io);
    if (command === 'backup') return runBackup(argv.slice(1), loadConfig(io.env), io);
    if (command === 'restore') return runRestore(argv.slice(1), loadConfig(io.env), io);
    if (command === 'test') return await runTestCommand(argv.slice(1), io);
    if (command === 'replay') return await runReplayCommand(argv.slice(1), io);
    if (command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return 0;
    }
    io.err(`Unknown command: ${[command, sub].filter(Boolean).join(' ')}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    const badFlags = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    return error instanceof UsageError || badFlags ? 2 : 1;
  }
}
