import { z } from 'zod';
import type { ServerProcess } from './server-process.ts';

const memoryReportSchema = z.object({ heapUsed: z.number() });

/**
 * A `parley serve` child's heap after a full GC, in bytes: SIGUSR2 makes it print a
 * `memory {…}` line (the GC runs when it was started with `--expose-gc`).
 */
export async function heapUsedAfterGc(server: ServerProcess): Promise<number> {
  const before = server.output().length;
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 200; i++) {
    const line = /memory (\{.*\})/.exec(server.output().slice(before));
    if (line?.[1]) return memoryReportSchema.parse(JSON.parse(line[1])).heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server printed no memory report');
}
