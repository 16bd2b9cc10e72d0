/** What a CLI command may touch of the outside world, injected for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}
