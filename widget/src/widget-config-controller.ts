/**
 * The agent's public widget settings (`GET …/widget-config`): title, welcome teaser,
 * language and theme. The chat works without them, so a failure is reported but only
 * a refusal of this page (401/403) makes the widget say it is unavailable.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createApiClient } from './api-client.ts';
import { describeError, noticeFor } from './problems.ts';
import type { Emit, FetchLike, WidgetConfig } from './types.ts';

export class WidgetConfigController implements ReactiveController {
  config: WidgetConfig | null = null;
  /** The server refused this page for this agent (origin not allowed, widget disabled). */
  refused = false;

  private target: { server: string; agent: string } | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { fetch: FetchLike; emit: Emit },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.target && !this.config && !this.abort) this.load(this.target);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = null;
  }

  load(target: { server: string; agent: string }): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.target = target;
    this.config = null;
    this.refused = false;
    createApiClient({ ...target, fetch: this.options.fetch })
      .widgetConfig(abort.signal)
      .then(
        (config) => {
          this.config = config;
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          this.refused = noticeFor(error) === 'unavailable';
          this.options.emit('parley-error', describeError(error));
        },
      )
      .finally(() => {
        if (this.abort === abort) this.abort = null;
        this.host.requestUpdate();
      });
  }
}
