/**
 * Types shared by the workflow compiler and the turn runner: the agent settings a
 * machine is compiled with, its events and input, the I/O of its invoked actors, and
 * the boundary the session layer calls (`WorkflowServices` in, `TurnOutcome` out).
 */
import type { ToolDefinition } from '../../shared/agent-schema.ts';
import type { TurnLlmStatus } from '../../shared/api/calls-api.ts';
import type { AnswerRecord } from '../../shared/api/turn-answer.ts';
import type { LlmChatRequest, LlmClient } from '../llm/types.ts';
import type { HistoryMessage } from './workflow-context.ts';

/** The agent configuration a workflow is compiled with (DESIGN §3, camel-cased). */
export interface AgentRuntimeConfig {
  systemPrompt: string;
  /**
   * The conversation's opening words: replaces a start `say` node's text (or a start `llm`
   * node's first LLM call); said before any other start node (see `NodeKind.firstMessage`).
   */
  firstMessage?: string;
  language: string;
  llm: { model?: string; temperature?: number; maxTokens?: number };
  tools: ToolDefinition[];
  /** The knowledge bases `llm` nodes search (resolved from `knowledge_base_ids` when the machine is loaded). */
  knowledgeBases: KnowledgeBaseRef[];
}

/** A knowledge base an agent searches: the database id the search takes, the id sources show. */
export interface KnowledgeBaseRef {
  id: number;
  publicId: string;
  /** BCP 47: the stemmer the search uses. */
  language: string;
}

/** A passage the knowledge search found (the knowledge service's search, as a port). */
export interface KnowledgeHit {
  documentId: string;
  /** The base's database id. */
  knowledgeBaseId: number;
  title: string;
  url: string | null;
  headingPath: string[];
  text: string;
}

/** Ranks passages of some knowledge bases for a query, best first: one database query. */
export type KnowledgeSearch = (scope: { baseIds: readonly number[]; language: string }, query: string, limit: number) => Promise<KnowledgeHit[]>;

/** Where a grounded answer came from (the `sources` of an assistant message). */
export interface SourceRecord {
  /** The passage's number in the prompt, as the answer cites it: [1]. */
  index: number;
  title: string;
  url: string | null;
  quote: string;
  document_id: string;
  knowledge_base_id: string;
}

/** Input of a new session's machine. */
export interface WorkflowInput {
  variables: Record<string, unknown>;
  /** Overrides the agent's `firstMessage` for this session (test sessions do). */
  firstMessage?: string;
  /** What the LLM has heard so far, when a conversation resumes mid-way (an operator's hand back). */
  history?: HistoryMessage[];
}

/** The only event the machine accepts: a message from the user. */
export interface UserMessageEvent {
  type: 'user.message';
  text: string;
}

/** Input of the `llmStep` actor: one LLM answer, with its tool rounds. */
export interface LlmStepInput {
  request: LlmChatRequest;
  /** Function names of the node's exits; the position is the exit's index. */
  exitNames: string[];
  /** Agent tools this node allows the model to call. */
  toolNames: string[];
  /** What to search before asking, when the node has knowledge bases and the user has spoken. */
  knowledge?: { bases: KnowledgeBaseRef[]; query: string };
}

/** Output of the `llmStep` actor. */
export type LlmStepOutput =
  | { kind: 'unavailable' }
  | { kind: 'reply'; texts: string[]; messages: HistoryMessage[] }
  | { kind: 'exit'; exit: number; texts: string[]; messages: HistoryMessage[] };

/** Input of the `callTool` actor (a `tool` node). */
export interface ToolCallInput {
  name: string;
  args: unknown;
}

/** Input of the `extractAnswer` actor (`expect.llm` on an `ask` node). */
export interface ExtractAnswerInput {
  /** What to extract, as the author described it. */
  description: string;
  question: string;
  /** The expected form, e.g. "one of: Car, Home" or "a date as YYYY-MM-DD". */
  hint: string;
  text: string;
  request: Pick<LlmChatRequest, 'model' | 'temperature'>;
}

/** Output of the `extractAnswer` actor: the extracted text, or null when absent. */
export interface ExtractAnswerOutput {
  value: string | null;
}

/** The I/O a turn runs with. Built per turn by the caller: nothing is captured at compile time. */
export interface WorkflowServices {
  /** May have `configured === false`: `llm` nodes then answer with their fallback. */
  llm: LlmClient;
  /** Receives LLM text as it streams, for SSE `delta` events. */
  onDelta?: (text: string) => void;
  /** Calls an agent tool. Throws on failure; HTTP, mocks or skipping are the caller's business. */
  callTool(name: string, args: unknown, signal: AbortSignal): Promise<unknown>;
  /** Clock in milliseconds, for latency figures. */
  now(): number;
  /** Searches knowledge bases for `llm` nodes that have some; without it they answer ungrounded. */
  searchKnowledge?: KnowledgeSearch;
}

/** How the turn used the LLM; the worst status of the turn wins. Stored, and shown by the calls API. */
export type LlmUsageStatus = TurnLlmStatus;

/** A tool call made during the turn, or an exit function an `llm` node chose. */
export interface ToolCallRecord {
  name: string;
  args: unknown;
  result?: unknown;
  error?: string;
  ms: number;
  kind: 'tool' | 'exit';
}

/** One LLM request of a turn as stored: its hash and the answer (replays reuse it, #18). */
export interface LlmCallRecord {
  request_hash: string;
  model: string;
  content: string;
  tool_calls: { id: string; name: string; arguments: string }[];
}

/** Everything a turn produced; the caller writes it in one transaction. */
export interface TurnOutcome {
  /** The persisted snapshot to store, with the outbox emptied. */
  snapshot: unknown;
  /** ONE assistant message: the turn's node texts joined by a blank line. */
  reply: { content: string; choices?: string[] };
  state: 'waiting' | 'ended' | 'transferred';
  transfer?: { destination: string };
  /** The node the machine rests in. */
  node: string;
  /** An `ask` or `form` node asks again: it could not accept the answer it got. */
  retrying?: boolean;
  variables: Record<string, unknown>;
  /** How the user's message was read as an answer to an `ask` or `form` node, when it was one. */
  answer?: AnswerRecord;
  llm: LlmUsageStatus;
  latency: { llm_ttfb_ms: number | null; llm_total_ms: number | null; tool_ms: number | null };
  usage: { prompt_tokens: number; completion_tokens: number };
  toolCalls: ToolCallRecord[];
  /** The knowledge passages the turn's answer rests on, when an `llm` node searched. */
  sources?: SourceRecord[];
  /** Every node the machine entered during the turn, in order (test coverage and replays read it). */
  path?: string[];
  /** Every LLM request the turn made, in order: its hash and answer. */
  llmCalls?: LlmCallRecord[];
}
