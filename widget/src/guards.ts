/**
 * Checks on what the server sends before the widget trusts it. The server validates
 * with the zod schemas of `shared/api`; the widget re-checks only the fields it reads,
 * by hand, because zod would double the bundle.
 */
import type { MessageKind, PushedEvent, RunResponse, WidgetConfig } from '../../shared/api/text-chat-api.ts';
import type { MessageView, ReplyView, Source, WidgetEvent } from './types.ts';

/** The fields of a run the widget reads. */
export type RunView = Pick<RunResponse, 'workflow_run_id' | 'status'> & { messages: MessageView[]; session_token?: string };

export class BadResponseError extends Error {
  readonly code = 'bad_response';
  constructor(what: string) {
    super(`Unexpected ${what} from the server`);
  }
}

type Obj = Record<string, unknown>;
type EndedReason = Extract<PushedEvent, { type: 'ended' }>['reason'];

const ENDED_REASONS: readonly EndedReason[] = ['agent-hangup', 'visitor-left', 'api', 'timeout', 'transfer', 'error'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStatus = (v: unknown): v is RunResponse['status'] => v === 'active' || v === 'transferred' || v === 'ended';
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every(isStr) ? v : undefined);

/** An absolute http(s) address: nothing else becomes a link (no `javascript:`). */
function isHttp(v: unknown): v is string {
  try {
    return isStr(v) && /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}

function need(ok: boolean, what: string): asserts ok {
  if (!ok) throw new BadResponseError(what);
}

export function readMessage(v: unknown): MessageView {
  need(isObj(v) && isNum(v.index) && isStr(v.content) && (v.role === 'assistant' || v.role === 'user'), 'message');
  const author = v.author === 'operator' || v.author === 'user' ? v.author : v.role === 'user' ? 'user' : 'agent';
  const message: MessageView = { index: v.index, role: v.role, author, content: v.content, timestamp: isStr(v.timestamp) ? v.timestamp : '' };
  const choices = strings(v.choices);
  if (choices) message.choices = choices;
  const feedback = v.feedback;
  if (isObj(feedback) && (feedback.rating === 'up' || feedback.rating === 'down')) message.feedback = { rating: feedback.rating };
  const kind = readKind(v.kind);
  if (kind) message.kind = kind;
  if (isStr(v.author_name)) message.author_name = v.author_name;
  if (isStr(v.author_avatar)) message.author_avatar = v.author_avatar;
  return withSources(message, v.sources);
}

/** The sources an answer cites, each kept only when it has what the widget shows; a link only to http(s). */
function withSources<T extends { sources?: Source[] }>(target: T, v: unknown): T {
  const sources: Source[] = [];
  for (const x of Array.isArray(v) ? v : []) {
    if (!isObj(x) || !isNum(x.index) || !isStr(x.title)) continue;
    const source: Source = { index: x.index, title: x.title, quote: isStr(x.quote) ? x.quote : '' };
    if (isHttp(x.url)) source.url = x.url;
    sources.push(source);
  }
  if (sources.length) target.sources = sources;
  return target;
}

const KINDS: readonly MessageKind[] = ['opening', 'answer', 'retry', 'closing', 'error'];
const readKind = (v: unknown): MessageKind | undefined => KINDS.find((k) => k === v);

export function readRun(v: unknown): RunView {
  need(isObj(v) && isNum(v.workflow_run_id) && isStatus(v.status) && Array.isArray(v.messages), 'session');
  const run: RunView = { workflow_run_id: v.workflow_run_id, status: v.status, messages: v.messages.map(readMessage) };
  if (isStr(v.session_token)) run.session_token = v.session_token;
  return run;
}

export function readReply(v: unknown): ReplyView {
  need(isObj(v) && isNum(v.index) && isStr(v.content) && isNum(v.revision) && isStatus(v.session_status), 'reply');
  const reply: ReplyView = {
    role: 'assistant',
    content: v.content,
    timestamp: isStr(v.timestamp) ? v.timestamp : '',
    index: v.index,
    revision: v.revision,
    session_status: v.session_status,
  };
  const choices = strings(v.choices);
  if (choices) reply.choices = choices;
  if (v.relayed === true) reply.relayed = true;
  const kind = readKind(v.kind);
  if (kind) reply.kind = kind;
  return withSources(reply, v.sources);
}

export function readConfig(v: unknown): WidgetConfig {
  need(isObj(v) && isStr(v.agent_id) && isStr(v.name), 'widget config');
  const theme: WidgetConfig['theme'] = {};
  if (isObj(v.theme)) {
    if (isStr(v.theme.accent)) theme.accent = v.theme.accent;
    if (isStr(v.theme.font)) theme.font = v.theme.font;
    if (isStr(v.theme.radius)) theme.radius = v.theme.radius;
  }
  return {
    agent_id: v.agent_id,
    name: v.name,
    title: isStr(v.title) ? v.title : v.name,
    welcome_text: isStr(v.welcome_text) ? v.welcome_text : null,
    language: isStr(v.language) ? v.language : 'en',
    theme,
    allow_edits: v.allow_edits === true,
  };
}

/** A pushed event, or null for a type this widget does not know (newer server). */
export function readPushedEvent(v: unknown): WidgetEvent | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'message':
      return { type: 'message', message: readMessage(v.message) };
    case 'gather':
      need(isStr(v.gather_id), 'gather event');
      return {
        type: 'gather',
        gather_id: v.gather_id,
        prompt: isStr(v.prompt) ? v.prompt : '',
        max_digits: isNum(v.max_digits) && v.max_digits > 0 ? v.max_digits : 16,
        terminator: isStr(v.terminator) ? v.terminator : '#',
        timeout_seconds: isNum(v.timeout_seconds) ? v.timeout_seconds : 0,
      };
    case 'gather_end':
      need(isStr(v.gather_id), 'gather_end event');
      return { type: 'gather_end', gather_id: v.gather_id, status: v.status === 'timeout' || v.status === 'cancelled' ? v.status : 'completed' };
    case 'transferred':
      return { type: 'transferred', destination: isStr(v.destination) ? v.destination : '' };
    case 'ended':
      return { type: 'ended', reason: ENDED_REASONS.find((r) => r === v.reason) ?? 'api' };
    case 'typing':
      // Only the operator's typing reaches the visitor; an empty name reads as "Support agent".
      return { type: 'typing', author: 'operator', author_name: isStr(v.author_name) ? v.author_name : '' };
    default:
      return null;
  }
}

/** `{"error":{"code","message"}}`, or null when the body is something else. */
export function readErrorBody(v: unknown): { code: string; message: string } | null {
  if (!isObj(v) || !isObj(v.error)) return null;
  const { code, message } = v.error;
  return isStr(code) ? { code, message: isStr(message) ? message : code } : null;
}
