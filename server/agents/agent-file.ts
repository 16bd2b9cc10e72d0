/**
 * Agent JSON files (`demo/agents/*.json`, `parley agents import`): the create-agent body,
 * where `${PARLEY_URL}` stands for the server's own address (demo tools are served there),
 * and a `"$schema"` naming `/schemas/agent.json` is accepted and dropped.
 */
import { createAgentSchema, type CreateAgentInput } from '../../shared/agent-schema.ts';
import { badRequest } from '../errors.ts';
import { describeZodError } from '../../shared/describe-zod-error.ts';

/** The file's JSON with `${PARLEY_URL}` replaced, before any check of its shape. */
export function readAgentFileJson(text: string, serverUrl: string): unknown {
  try {
    return JSON.parse(text.replaceAll('${PARLEY_URL}', serverUrl));
  } catch (error) {
    throw badRequest(`The agent file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function parseAgentFile(text: string, serverUrl: string): CreateAgentInput {
  const parsed = createAgentSchema.safeParse(readAgentFileJson(text, serverUrl));
  if (!parsed.success) throw badRequest(`The agent file is not a valid agent: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
