/**
 * Polls for gathers whose time is up. The timeout itself is data (`expires_at`), so any
 * process may sweep, after any restart; the poll interval only bounds how late a
 * `call.gather.completed {status: "timeout"}` can be.
 */
import type { Logger } from 'pino';
import type { GatherService } from './gather-service.ts';

export function createGatherSweeper(deps: { gathers: Pick<GatherService, 'sweep'>; logger: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let sweeping = false;
  const tick = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await deps.gathers.sweep();
    } catch (err) {
      deps.logger.error({ err }, 'gather sweep failed');
    } finally {
      sweeping = false;
    }
  };
  return {
    start(intervalMs = 1000) {
      timer ??= setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
