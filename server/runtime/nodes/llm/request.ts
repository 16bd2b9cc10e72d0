/**
 * Builds what an `llm` node sends to the model (DESIGN §3): the agent's system prompt,
 * the node's prompt and the known variables as one system message (the step adds the
 * knowledge passages it finds),
 * then the conversation; the node's tools and its exits as functions.
 */
import { renderTemplate } from '../../../../shared/template.ts';
import type { LlmNode } from '../../../../shared/workflow-schema.ts';
import type { ChatMessage, ChatTool, LlmChatRequest } from '../../../llm/types.ts';
import { recentHistory } from '../../history-window.ts';
import { replyText } from '../../outbox.ts';
import type { AgentRuntimeConfig, LlmStepInput } from '../../types.ts';
import type { HistoryMessage, WorkflowContext } from '../../workflow-context.ts';
import { basesOf, knowledgeQuery } from './knowledge.ts';

/** What an `llm` node says when it cannot ask the model and the author gave no fallback. */
export const DEFAULT_LLM_FALLBACK = "I'm sorry, I can't answer that right now.";

const VARIABLES_BUDGET_CHARS = 4000;
/**
 * The function name an exit is offered to the model under.
 * @example exitFunctionName({ when: 'the claim is filed' }, 0) // 'exit_0'
 */
export function exitFunctionName(exit: { name?: string | undefined }, index: number): string {
  return `exit_${exit.name ?? String(index)}`;
}

/** Convert stored history into the SDK's message type. */
export function toChatMessages(history: readonly HistoryMessage[]): ChatMessage[] {
  return history.map((message): ChatMessage => {
    if (message.role !== 'assistant' || message.tool_calls === undefined) {
      return message.role === 'assistant' ? { role: 'assistant', content: message.content } : message;
    }
    return { role: 'assistant', content: message.content, tool_calls: message.tool_calls };
  });
}

/** The model settings of the agent, without keys it did not set. */
export function modelSettings(agent: AgentRuntimeConfig): Pick<LlmChatRequest, 'model' | 'temperature' | 'maxTokens'> {
  return {
    ...(agent.llm.model === undefined ? {} : { model: agent.llm.model }),
    ...(agent.llm.temperature === undefined ? {} : { temperature: agent.llm.temperature }),
    ...(agent.llm.maxTokens === undefined ? {} : { maxTokens: agent.llm.maxTokens }),
  };
}

function systemMessage(node: LlmNode, agent: AgentRuntimeConfig, context: WorkflowContext): string {
  const variables = context.variables;
  const sections = [renderTemplate(agent.systemPrompt, variables).trim()];
  const prompt = renderTemplate(node.prompt, variables).trim();
  if (prompt !== '') sections.push(`## Your task now\n${prompt}`);
  const known = JSON.stringify(variables);
  if (known !== '{}') {
    const clipped = known.length > VARIABLES_BUDGET_CHARS ? `${known.slice(0, VARIABLES_BUDGET_CHARS)}…` : known;
    sections.push(`## Known about this conversation (JSON)\n${clipped}`);
  }
  const rules = [`Answer in the language "${agent.language}" unless the user writes in another one.`];
  if (node.exits.length > 0) rules.push('When the condition of an exit_ function is met, call that function.');
  sections.push(rules.join(' '));
  return sections.filter((section) => section !== '').join('\n\n');
}

function toolsOf(node: LlmNode, agent: AgentRuntimeConfig): ChatTool[] {
  const allowed = new Set(node.tools);
  const tools: ChatTool[] = agent.tools
    .filter((tool) => allowed.has(tool.name))
    .map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
  node.exits.forEach((exit, index) => {
    tools.push({
      type: 'function',
      function: {
        name: exitFunctionName(exit, index),
        description: `Call this when ${exit.when}.`,
        parameters: { type: 'object', properties: {} },
      },
    });
  });
  return tools;
}

/**
 * The `llmStep` actor's input for an `llm` node. Texts already produced this turn (a
 * `say` just before, say) are added as a provisional assistant message so the model
 * knows what the user is about to read.
 */
export function buildLlmStepInput(node: LlmNode, agent: AgentRuntimeConfig, context: WorkflowContext): LlmStepInput {
  const messages: ChatMessage[] = [{ role: 'system', content: systemMessage(node, agent, context) }, ...toChatMessages(recentHistory(context.history))];
  if (context.outbox.length > 0) messages.push({ role: 'assistant', content: replyText(context.outbox) });
  const tools = toolsOf(node, agent);
  const bases = basesOf(node, agent);
  const query = knowledgeQuery(context.history);
  return {
    request: { ...modelSettings(agent), messages, ...(tools.length > 0 ? { tools } : {}) },
    exitNames: node.exits.map(exitFunctionName),
    toolNames: node.tools,
    // Before the user has said anything there is nothing to search for.
    ...(bases.length > 0 && query.trim() !== '' ? { knowledge: { bases, query } } : {}),
  };
}
