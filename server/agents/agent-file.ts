/**
 * Agent JSON files (`demo/agents/*.json`, `parley agents import`): the create-agent body,
 * where `${PARLEY_URL}` stands for the server's own address (demo tools are served there).
 */
import { createAgentSchema, type CreateAgentInput } from '../../shared/agent-schema.ts';
import { badRequest } from '../errors.ts';
import { describeZodError } from '../../shared/describe-zod-error.ts';

export function parseAgentFile(text: string, serverUrl: string): CreateAgentInput {
  let json: unknown;
  try {
    json = JSON.parse(text.replaceAll('${PARLEY_URL}', serverUrl));
  } catch (error) {
    throw badRequest(`The agent file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = createAgentSchema.safeParse(json);
  if (!parsed.success) throw badRequest(`The agent file is not a valid agent: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
