/**
 * Routes the fake LLM's requests by who is asking in an agent test run: the judge, the
 * simulated user, or the agent under test, each with its own handler.
 */
import { JUDGE_SYSTEM_PROMPT } from '../../server/testing/judge-prompts.ts';
import { SIMULATED_USER_PROMPT } from '../../server/testing/simulated-user.ts';
import type { FakeChatRequest, FakeHandler, FakeLlm, FakeResponse } from '../fake-llm/fake-llm.ts';
import { lastUserText } from '../fake-llm/completion-bodies.ts';

export type Role = 'judge' | 'user' | 'agent';

export function systemText(body: FakeChatRequest): string {
  const system = body.messages.find((message) => message.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

export function roleOf(body: FakeChatRequest): Role {
  const system = systemText(body);
  if (system.startsWith(JUDGE_SYSTEM_PROMPT)) return 'judge';
  if (system.startsWith(SIMULATED_USER_PROMPT)) return 'user';
  return 'agent';
}

/** A judge's answer. */
export function verdict(passed: boolean, rationale = passed ? 'Meets the criteria.' : 'Misses the criteria.', confidence = 0.9): FakeResponse {
  return { content: JSON.stringify({ passed, rationale, confidence }) };
}

export interface AgentTestLlm {
  judge: FakeHandler;
  user: FakeHandler;
  agent: FakeHandler;
  /** The requests each role made, in order. */
  seen: Record<Role, FakeChatRequest[]>;
  reset(): void;
}

/** Install the router on `fake`; change `judge`, `user` or `agent` per test. */
export function routeAgentTestLlm(fake: FakeLlm): AgentTestLlm {
  const defaults = {
    judge: (() => verdict(true)) as FakeHandler,
    user: (() => ({ content: '[END]' })) as FakeHandler,
    agent: ((body) => ({ content: `Agent reply to: ${lastUserText(body)}` })) as FakeHandler,
  };
  const router: AgentTestLlm = {
    ...defaults,
    seen: { judge: [], user: [], agent: [] },
    reset() {
      Object.assign(router, defaults);
      router.seen = { judge: [], user: [], agent: [] };
    },
  };
  fake.setHandler((body) => {
    const role = roleOf(body);
    router.seen[role].push(body);
    return router[role](body);
  });
  return router;
}
