/**
 * `/v1/workspace/settings`: what a workspace sets for all its agents. Null means "not set
 * here": the server's own default applies (PARLEY_MODEL, PARLEY_SESSION_IDLE_MINUTES).
 */
import { z } from 'zod';
import { llmSettingsSchema } from '../agent-schema.ts';

/** A week: the longest a live conversation may sit idle before the sweeper ends it. */
export const MAX_SESSION_IDLE_MINUTES = 7 * 24 * 60;

const llmShape = llmSettingsSchema.shape;

export const workspaceSettingsSchema = z.object({
  llm: z
    .object({
      model: z.string().nullable(),
      temperature: z.number().nullable(),
      max_tokens: z.number().int().nullable(),
    })
    .describe('Used by agents that do not set them; then the server default applies'),
  session_idle_minutes: z.number().int().nullable().describe('Idle minutes before a live conversation is ended (not test sessions); null: the server default'),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** A change: a key left out stays as it is, null clears it back to the server default. */
export const updateWorkspaceSettingsSchema = z
  .object({
    llm: z
      .object({
        model: llmShape.model.unwrap().nullable().optional(),
        temperature: llmShape.temperature.unwrap().nullable().optional(),
        max_tokens: llmShape.max_tokens.unwrap().nullable().optional(),
      })
      .strict()
      .optional(),
    session_idle_minutes: z.number().int().min(1).max(MAX_SESSION_IDLE_MINUTES).nullable().optional(),
  })
  .strict();
export type WorkspaceSettingsChange = z.infer<typeof updateWorkspaceSettingsSchema>;
