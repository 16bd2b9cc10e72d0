/**
 * `/api/v1/sessions`: a session API for integrations written against other agent
 * platforms. Answers are `{success: true, …}`, failures `{success: false, error}`.
 */
import { z } from 'zod';
import { sessionStatusSchema } from './text-chat-api.ts';

/** Integrations built for other platforms send extra fields: they are ignored, not refused. */
export const startSessionRequestSchema = z.object({
  agent_id: z.string().min(1).max(64),
  session_type: z.string().min(1).max(64).describe('only "agent_chat" is supported'),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

export const integrationSessionSchema = z.object({
  session_id: z.string().describe('the call id: call_ + 8 digits'),
  agent_id: z.string(),
  agent_name: z.string(),
  session_type: z.literal('agent_chat'),
  status: sessionStatusSchema,
  started_at: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  /** The agent's opening message. */
  first_message: z.string(),
});

export const startSessionResponseSchema = z.object({
  success: z.literal(true),
  session: integrationSessionSchema,
  message: z.string(),
});

export const sessionMessageRequestSchema = z.object({ content: z.string().trim().min(1, 'content must not be empty').max(8000) });

export const sessionMessageResponseSchema = z.object({
  success: z.literal(true),
  session_id: z.string(),
  reply: z.object({ role: z.literal('assistant'), content: z.string(), timestamp: z.string(), choices: z.array(z.string()).optional() }),
  status: sessionStatusSchema,
});

export const endSessionResponseSchema = z.object({
  success: z.literal(true),
  session_id: z.string(),
  status: sessionStatusSchema,
  message: z.string(),
});

export const sessionFailureSchema = z.object({ success: z.literal(false), error: z.string() });
