/**
 * Agent JSON files (`demo/agents/*.json`, `parley agents import`): the create-agent body,
 * where a `"$schema"` naming `/schemas/agent.json` is accepted and dropped.
 * Nothing in a file depends on where a server listens: the demo tools are named by their
 * path (`/demo/api/policies`), which every server answers itself.
 */
import { createAgentSchema, type CreateAgentInput } from '../../shared/agent-schema.ts';
import { badRequest } from '../errors.ts';
import { describeZodError } from '../../shared/describe-zod-error.ts';

/**
 * Files written for older versions spelled the server's own address `${PARLEY_URL}`, which
 * the importer filled in with the address it guessed; dropping it leaves the path, the
 * form that works wherever the server listens.
 */
const LEGACY_SERVER_PLACEHOLDER = '${PARLEY_URL}';

/** The file's JSON, before any check of its shape. */
export function readAgentFileJson(text: string): unknown {
  try {
    return JSON.parse(text.replaceAll(LEGACY_SERVER_PLACEHOLDER, ''));
  } catch (error) {
    throw badRequest(`The agent file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function parseAgentFile(text: string): CreateAgentInput {
  const parsed = createAgentSchema.safeParse(readAgentFileJson(text));
  if (!parsed.success) throw badRequest(`The agent file is not a valid agent: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
