import { describe, expect, it } from 'vitest';
import { LlmNotConfiguredError, LlmUnavailableError } from '../llm/llm-errors.ts';
import type { LlmChatRequest, LlmClient } from '../llm/types.ts';
import { askJudge, parseVerdict } from './judge.ts';
import { TestRunError } from './test-run-error.ts';

function llmAnswering(answer: () => string): LlmClient & { requests: LlmChatRequest[] } {
  const requests: LlmChatRequest[] = [];
  return {
    configured: true,
    defaultModel: 'default',
    requests,
    async chat(request) {
      requests.push(request);
      return { content: answer(), toolCalls: [], usage: { promptTokens: 1, completionTokens: 1 }, model: 'm', finishReason: 'stop', ttfbMs: 1, totalMs: 1 };
    },
  };
}

describe('parsing the judge verdict', () => {
  it('accepts {passed, rationale, confidence}, fenced in markdown or not', () => {
    expect(parseVerdict('{"passed":true,"rationale":"ok","confidence":0.7}')).toEqual({ passed: true, rationale: 'ok', confidence: 0.7 });
    expect(parseVerdict('```json\n{"passed":false,"rationale":"no","confidence":1}\n```')).toEqual({ passed: false, rationale: 'no', confidence: 1 });
  });

  it('refuses text that is not JSON with a TestRunError quoting it', () => {
    expect(() => parseVerdict('Looks fine to me')).toThrow(TestRunError);
    expect(() => parseVerdict('Looks fine to me')).toThrow('The judge did not answer valid JSON: "Looks fine to me"');
  });

  it('refuses JSON of another shape, naming the field', () => {
    expect(() => parseVerdict('{"passed":"yes","rationale":"ok","confidence":1}')).toThrow('passed');
    expect(() => parseVerdict('{"passed":true,"rationale":"ok","confidence":7}')).toThrow('confidence');
    expect(() => parseVerdict('[true]')).toThrow(TestRunError);
  });
});

describe('asking the judge', () => {
  const signal = new AbortController().signal;

  it('asks for JSON at temperature 0 with the judge model', async () => {
    const llm = llmAnswering(() => '{"passed":true,"rationale":"ok","confidence":0.5}');
    await askJudge(llm, { messages: [{ role: 'user', content: 'x' }], model: 'judge' }, signal);
    expect(llm.requests[0]).toMatchObject({ json: true, temperature: 0, model: 'judge' });
  });

  it('turns an LLM outage or a missing LLM into a TestRunError with the reason', async () => {
    const failing = (error: Error): LlmClient => ({ configured: true, defaultModel: 'm', chat: () => Promise.reject(error) });
    await expect(askJudge(failing(new LlmNotConfiguredError()), { messages: [], model: undefined }, signal)).rejects.toThrow('No LLM is configured, so the judge cannot run');
    await expect(askJudge(failing(new LlmUnavailableError('HTTP 503')), { messages: [], model: undefined }, signal)).rejects.toThrow('The LLM of the judge failed (llm_unavailable): HTTP 503');
  });
});
