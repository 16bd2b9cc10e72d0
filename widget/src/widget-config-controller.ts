/**
 * The agent's public widget settings (`GET …/widget-config`): title, welcome teaser,
 * language, theme and whether visitors may edit. The chat works without them, so a
 * failure is reported, but a refusal of this page (401/403, readable here because the
 * server sends it with CORS headers) stops the widget: it says the chat is not available
 * here, and the browser console tells the site owner why.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createApiClient } from './api-client.ts';
import { describeError, logRefusal, refusal } from './problems.ts';
import type { Emit, FetchLike, WidgetConfig } from './types.ts';

export class WidgetConfigController implements ReactiveController {
  config: WidgetConfig | null = null;
  /** The server refused this page for this agent (origin not allowed, widget disabled). */
  refused = false;
  /** Resolves once the config answered: false when this page is refused. */
  allowed: Promise<boolean> = Promise.resolve(true);

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
    this.allowed = createApiClient({ ...target, fetch: this.options.fetch })
      .widgetConfig(abort.signal)
      .then(
        (config) => {
          this.config = config;
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          this.refused = refusal(error);
          if (this.refused) logRefusal(target.agent, error);
          this.options.emit('parley-error', describeError(error));
        },
      )
      .then(() => {
        if (this.abort === abort) this.abort = null;
        this.host.requestUpdate();
        return !this.refused;
      });
  }
}
