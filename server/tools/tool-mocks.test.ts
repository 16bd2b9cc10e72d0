import { describe, expect, it } from 'vitest';
import { toolMockConfigSchema, type ToolMockConfig } from '../../shared/api/tool-mock-config.ts';
import { ToolCallError } from './http-tool-caller.ts';
import { createMockToolCaller, decideToolCall } from './tool-mocks.ts';

const config = (partial: Partial<ToolMockConfig>): ToolMockConfig => toolMockConfigSchema.parse(partial);
const policyMock = { tool_name: 'get_policy', args_match: '"id":"123"', response: { active: true } };

describe('deciding what a tool call does under a tool_mock_config', () => {
  it('answers with the first mock whose name matches and whose args_match is a substring of the JSON arguments', () => {
    const mocks = config({ mocks: [policyMock, { tool_name: 'get_policy', response: { active: false } }] });
    expect(decideToolCall(mocks, 'get_policy', { id: '123' })).toEqual({ kind: 'mock', response: { active: true } });
    expect(decideToolCall(mocks, 'get_policy', { id: '999' })).toEqual({ kind: 'mock', response: { active: false } });
  });

  it('hands out a copy of the response, so a caller cannot change the mock', () => {
    const mocks = config({ mocks: [policyMock] });
    const first = decideToolCall(mocks, 'get_policy', { id: '123' });
    if (first.kind === 'mock') (first.response as { active: boolean }).active = false;
    expect(decideToolCall(mocks, 'get_policy', { id: '123' })).toEqual({ kind: 'mock', response: { active: true } });
  });

  it('mocks every tool under all, only the named tools under selected, and none under none', () => {
    expect(decideToolCall(config({ strategy: 'all', mocks: [] }), 'other', {})).toEqual({ kind: 'skip' });
    expect(decideToolCall(config({ strategy: 'selected', mocks: [policyMock] }), 'other', {})).toEqual({ kind: 'real' });
    expect(decideToolCall(config({ strategy: 'selected', mocks: [policyMock] }), 'get_policy', { id: '123' }).kind).toBe('mock');
    expect(decideToolCall(config({ strategy: 'none', mocks: [policyMock] }), 'get_policy', { id: '123' })).toEqual({ kind: 'real' });
  });

  it('follows no_match_behavior for a mockable call no mock matches', () => {
    const unmatched = (no_match_behavior: ToolMockConfig['no_match_behavior']) => decideToolCall(config({ mocks: [policyMock], no_match_behavior }), 'get_policy', { id: '7' });
    expect(unmatched('skip')).toEqual({ kind: 'skip' });
    expect(unmatched('call_real_tool')).toEqual({ kind: 'real' });
    expect(unmatched('finish_with_error')).toMatchObject({ kind: 'error', message: expect.stringContaining('No mock matches this call of "get_policy" with {"id":"7"}') });
  });
});

describe('the mock tool caller', () => {
  const real = async (name: string) => ({ real: name });
  const signal = new AbortController().signal;

  it('returns mocks, skips, calls the real tool, or throws, as decided', async () => {
    const caller = createMockToolCaller(config({ strategy: 'selected', mocks: [policyMock], no_match_behavior: 'finish_with_error' }), real);
    await expect(caller('get_policy', { id: '123' }, signal)).resolves.toEqual({ active: true });
    await expect(caller('other', {}, signal)).resolves.toEqual({ real: 'other' });
    await expect(caller('get_policy', { id: '1' }, signal)).rejects.toBeInstanceOf(ToolCallError);
    const skipping = createMockToolCaller(config({ mocks: [] }), real);
    await expect(skipping('get_policy', {}, signal)).resolves.toEqual({ skipped: true });
  });
});
