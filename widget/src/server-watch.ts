/**
 * Waiting for the server after a request found none: probes with backoff until `reachable`
 * answers yes, sooner when the browser says it is back online. The chat's events channel
 * reconnecting ends the wait too (the controller calls `stop`).
 */
import { sleep } from './event-channel.ts';

type OnlineTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface ServerWatchPorts {
  delays: readonly number[];
  /** Where `online` events come from (`window`); null where there is none. */
  online: OnlineTarget | null;
  reachable(signal: AbortSignal): Promise<boolean>;
  /** A probe reached the server. */
  recovered(): void;
  /** The browser is back online (beside waking the probe). */
  wentOnline(): void;
}

export class ServerWatch {
  /** A request found no server and the probe has not reached it since. */
  lost = false;
  private wakeProbe = () => {};

  constructor(private readonly ports: ServerWatchPorts) {}

  connect(): void {
    this.ports.online?.addEventListener('online', this.onOnline);
  }

  disconnect(): void {
    this.ports.online?.removeEventListener('online', this.onOnline);
  }

  /** Probe until the server answers or `signal` aborts; a second call while probing does nothing. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.lost) return;
    this.lost = true;
    const { delays } = this.ports;
    for (let attempt = 0; this.lost && !signal.aborted; attempt++) {
      await new Promise<void>((resolve) => {
        this.wakeProbe = resolve;
        void sleep(delays[Math.min(attempt, delays.length - 1)] ?? 1000, signal).then(resolve);
      });
      if (this.lost && !signal.aborted && (await this.ports.reachable(signal))) this.ports.recovered();
    }
  }

  /** The server is back (or the conversation stopped): end the probe loop. */
  stop(): void {
    this.lost = false;
    this.wakeProbe();
  }

  private onOnline = (): void => {
    this.wakeProbe();
    this.ports.wentOnline();
  };
}
