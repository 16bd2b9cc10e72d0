/**
 * A process's CPU time so far, user + system, from `/proc/PID/stat` (Linux; NaN
 * elsewhere). Unlike wall time, the other work on a busy machine barely inflates it, so
 * CPU per request is the steadier figure when the load average is high.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks are 10 ms on Linux (`getconf CLK_TCK` = 100). */
const TICK_MS = 10;

export function processCpuMs(pid: number | undefined): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}
