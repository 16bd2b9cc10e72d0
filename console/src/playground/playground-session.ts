/**
 * One playground conversation, as a reactive controller: started as a test session,
 * then driven on the text-chat API — send (streamed), rewind, open another branch,
 * continue from one — and after each change the run is read again: each agent message
 * comes with its turn (node, tool calls, latency, tokens) and the state after it. The
 * element only renders what this holds.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunResponse } from '../../../shared/api/text-chat-api.ts';
import type { ChatClient, StartTestSession } from './chat-client.ts';

export interface StartedSession {
  sessionId: string;
  callId: string;
  runId: number;
  version: number | undefined;
}

export class PlaygroundSession implements ReactiveController {
  started: StartedSession | undefined;
  /** The run on its current branch. */
  run: RunResponse | undefined;
  /** Another branch opened to read, or undefined while the current one is shown. */
  viewing: RunResponse | undefined;
  /** The reply being streamed, while a message is out. */
  streaming: string | null = null;
  busy = false;
  problem: string | null = null;
  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ChatClient | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** What the transcript shows: the branch opened, else the current one. */
  get shown(): RunResponse | undefined {
    return this.viewing ?? this.run;
  }

  get active(): boolean {
    return this.run?.status === 'active';
  }

  async start(body: StartTestSession): Promise<void> {
    await this.task(async (client) => {
      const previous = this.started;
      const session = await client.start(body);
      this.started = { sessionId: session.session_id, callId: session.call_id, runId: session.workflow_run_id, version: body.version };
      this.viewing = undefined;
      await this.refresh(client);
      // The old session is of no use once a new one runs: end it rather than wait for its expiry.
      if (previous) void client.end(previous.sessionId).catch(() => undefined);
    });
  }

  async send(text: string): Promise<void> {
    const started = this.started;
    if (!started) return;
    await this.task(async (client) => {
      this.viewing = undefined;
      this.streaming = '';
      this.abort = new AbortController();
      try {
        await client.send(started.runId, text, (delta) => {
          this.streaming = (this.streaming ?? '') + delta;
          this.host.requestUpdate();
        }, this.abort.signal);
      } finally {
        this.streaming = null;
      }
      await this.refresh(client);
    });
  }

  /** Back to a message of the current branch, or (`branchId`) of any branch: a new branch continues from it. */
  async rewind(messageIndex: number, branchId?: string): Promise<void> {
    const started = this.started;
    if (!started) return;
    await this.task(async (client) => {
      await client.rewind(started.runId, messageIndex, branchId);
      this.viewing = undefined;
      await this.refresh(client);
    });
  }

  async openBranch(branchId: string): Promise<void> {
    const started = this.started;
    if (!started) return;
    if (branchId === this.run?.branch_id) {
      this.viewing = undefined;
      this.host.requestUpdate();
      return;
    }
    await this.task(async (client) => {
      this.viewing = await client.run(started.runId, branchId);
    });
  }

  showCurrent(): void {
    this.viewing = undefined;
    this.host.requestUpdate();
  }

  /** The run, after anything changed. */
  private async refresh(client: ChatClient): Promise<void> {
    const started = this.started;
    if (!started) return;
    this.run = await client.run(started.runId);
  }

  private async task(work: (client: ChatClient) => Promise<void>): Promise<void> {
    const client = this.client();
    if (!client || this.busy) return;
    this.busy = true;
    this.problem = null;
    this.host.requestUpdate();
    try {
      await work(client);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
