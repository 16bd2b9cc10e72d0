/** Users and API keys of the console auth contract, as the admin pages read them. Keep in step with `shared/api/auth-api.ts`. */
import { z } from 'zod';
import { ROLES } from '../api/auth-session.ts';

const id = z.union([z.string(), z.number()]);
export const roleSchema = z.enum(ROLES);

export const workspaceUserSchema = z.object({
  id,
  email: z.string(),
  role: roleSchema,
  created_at: z.string(),
  last_sign_in_at: z.string().nullable(),
  status: z.enum(['active', 'invited']),
});
export type WorkspaceUser = z.infer<typeof workspaceUserSchema>;
export const userListSchema = z.object({ data: z.array(workspaceUserSchema) });
export const inviteSchema = z.object({ user: z.object({ id, email: z.string(), role: roleSchema }), set_password_url: z.string() });

export const apiKeySchema = z.object({ id, name: z.string(), prefix: z.string(), created_at: z.string(), last_used_at: z.string().nullable() });
export type ApiKeyView = z.infer<typeof apiKeySchema>;
export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) });
/** The one answer that shows the key itself: right after creating it. */
export const createdApiKeySchema = z.object({ id, name: z.string(), prefix: z.string(), key: z.string(), created_at: z.string() });
