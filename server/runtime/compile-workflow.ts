/**
 * Compiles a workflow definition and its agent's settings into an XState v5 machine
 * (DESIGN §4), one state per node. The machine is pure: its I/O actors are
 * placeholders that the turn runner replaces per turn, so one compiled machine can be
 * cached per agent version and shared by every session of it.
 */
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { createWorkflowSetup } from './machine-setup.ts';
import type { WorkflowStateConfig } from './machine-setup.ts';
import { LOOPED_STATE, loopedState, withLoopGuard } from './loop-guard.ts';
import { GIVE_UP_STATE, giveUpState } from './nodes/give-up.ts';
import { nodeKind } from './nodes/registry.ts';
import { MACHINE_ID, stateKey } from './state-targets.ts';
import type { AgentRuntimeConfig } from './types.ts';
import { validateWorkflow } from './validate-workflow.ts';
import { workflowOutputSchema } from './workflow-context.ts';

/** How a machine is compiled besides its definition and agent settings. */
export interface CompileOptions {
  /**
   * Enter this node instead of the workflow's start, without the first message: an operator
   * handing a conversation back to the workflow (the inbox). The caller checks the node exists.
   */
  startAt?: string | undefined;
}

/**
 * Validate and compile a workflow. Regex patterns were checked when the version was
 * saved; one the engine refuses since then fails closed at run time (see `validateWorkflow`).
 * @throws {WorkflowValidationError} when the graph is invalid (see `validateWorkflow`).
 * @example
 * const machine = cache.get(`${agent.id}:${version}`, () => compileWorkflow(definition, runtimeConfig));
 */
export function compileWorkflow(definition: WorkflowDefinition, agent: AgentRuntimeConfig, options: CompileOptions = {}) {
  validateWorkflow(definition, new Set(agent.tools.map((tool) => tool.name)), { checkPatterns: false });
  // Copies, so a caller editing its objects later cannot change a cached machine.
  const workflow = structuredClone(definition);
  const settings = structuredClone(agent);
  const setup = createWorkflowSetup();
  const resumed = options.startAt !== undefined;
  const entryNode = options.startAt ?? workflow.start;
  if (!(entryNode in workflow.nodes)) throw new Error(`compileWorkflow: no node "${entryNode}" to start at`);
  const states: Record<string, WorkflowStateConfig> = {};
  for (const [nodeId, node] of Object.entries(workflow.nodes)) {
    const opening = !resumed && nodeId === workflow.start && nodeKind(node).firstMessage === 'replaces';
    const build = { setup, nodeId, definition: workflow, agent: settings, opening };
    states[stateKey(nodeId)] = withLoopGuard(nodeKind(node).state(build));
  }
  states[LOOPED_STATE] = loopedState;
  states[GIVE_UP_STATE] = giveUpState(setup);
  const start = workflow.nodes[workflow.start];

  return setup.createMachine({
    id: MACHINE_ID,
    context: ({ input }) => ({
      variables: structuredClone(input.variables),
      history: structuredClone(input.history ?? []),
      outbox: [],
      node: entryNode,
      collected: [],
      retries: 0,
      llmTurns: 0,
      steps: 0,
      llmFailed: false,
      // A resumed conversation has had its opening.
      firstMessage: resumed ? null : (input.firstMessage ?? settings.firstMessage ?? null),
      lastUserText: '',
      answer: null,
    }),
    // The first message goes before a start node it does not replace (see `NodeKind.firstMessage`).
    entry: !resumed && start !== undefined && nodeKind(start).firstMessage === 'precedes' ? 'speakFirstMessage' : [],
    initial: stateKey(entryNode),
    states,
    // How the conversation ended is the output of the final node's kind (end, transfer).
    output: ({ event }) => workflowOutputSchema.parse(event.output),
  });
}

/** A compiled workflow machine. */
export type WorkflowMachine = ReturnType<typeof compileWorkflow>;

/** Compiled machines by a caller-chosen key such as `${agentId}:${version}`. */
export interface MachineCache {
  /** The cached machine for `key`, compiling (and caching) it on a miss. */
  get(key: string, compile: () => WorkflowMachine): WorkflowMachine;
  /** The cached machine, without compiling on a miss. */
  peek(key: string): WorkflowMachine | undefined;
  delete(key: string): boolean;
  clear(): void;
  readonly size: number;
}

/**
 * A small cache of compiled machines. Published versions never change, so entries
 * need no invalidation; the oldest entry goes when `maxEntries` is reached.
 * @example const machines = createMachineCache({ maxEntries: 200 });
 */
export function createMachineCache(options: { maxEntries?: number } = {}): MachineCache {
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, WorkflowMachine>();
  return {
    get(key, compile) {
      const hit = entries.get(key);
      if (hit !== undefined) return hit;
      const machine = compile();
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, machine);
      return machine;
    },
    peek: (key) => entries.get(key),
    delete: (key) => entries.delete(key),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
