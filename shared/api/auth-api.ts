/**
 * People, sign-in and API keys (issue #14, the console auth contract): request and
 * response shapes of `/v1/auth/*`, `/v1/users` and `/v1/api-keys`, shared by the server,
 * the console and the OpenAPI document.
 *
 * Decisions the contract left open, kept here so both sides read the same thing:
 * - user ids are `user_` + ULID, API key ids `key_` + ULID (strings, like `wh_…`);
 * - `POST /v1/auth/sign-in` takes an optional `workspace_id`, only needed when one e-mail
 *   has the same password in several workspaces (otherwise the matching account wins);
 * - `PATCH /v1/users/{id}` answers 200 with the user as listed;
 * - the "last admin" is the last admin who can sign in (status `active`);
 * - an addition beyond `/v1`: the text-chat API (`/workflow/{id}/text-chat/…`, the
 *   playground's) accepts the console session of a builder or admin when the request
 *   sends the session's `x-csrf-token` — on every call, reads included (so use fetch,
 *   not EventSource, for its streams). Without that header a request is the widget's.
 */
import { z } from 'zod';
import { ROLES } from '../roles.ts';

export { ROLES, roleAtLeast, type Role } from '../roles.ts';

export const roleSchema = z.enum(ROLES).describe('admin: everything; builder: agents, tests, playground, calls; operator: calls, agents and tests read-only');

/** Password rules: long enough to resist guessing, short enough that hashing stays cheap. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`);

/** An address a person receives mail at; compared case-insensitively within a workspace. */
export const emailSchema = z.email({ error: 'email must be an e-mail address such as sam@example.com' }).max(254);

export const signInSchema = z
  .object({
    email: z.string().trim().min(1, 'email is required').max(254),
    // Not the password rules: an account made before a rule changed must still sign in.
    password: z.string().min(1, 'password is required').max(PASSWORD_MAX),
    workspace_id: z.number().int().positive().optional().describe('only when the e-mail has accounts in several workspaces'),
  })
  .strict();
export type SignInRequest = z.infer<typeof signInSchema>;

export const setPasswordSchema = z
  .object({
    token: z.string().min(1, 'token is required').max(200).describe('the token of a set-password link'),
    password: passwordSchema,
  })
  .strict();

export const signedInUserSchema = z.object({
  id: z.string().describe('user_ + ULID'),
  email: z.string(),
  role: roleSchema,
  workspace_id: z.number().int(),
});
export type SignedInUser = z.infer<typeof signedInUserSchema>;

/** The answer of sign-in, set-password and `GET /v1/auth/session`. */
export const authSessionSchema = z.object({
  user: signedInUserSchema,
  csrf_token: z.string().describe('send as x-csrf-token on every cookie-authenticated write'),
  expires_at: z.string().describe('when the session ends unless used: the earlier of its idle and absolute expiry'),
});
export type AuthSession = z.infer<typeof authSessionSchema>;

export const userStatusSchema = z.enum(['active', 'invited']).describe('invited: no password set yet');

export const userSchema = z.object({
  id: z.string().describe('user_ + ULID'),
  email: z.string(),
  role: roleSchema,
  created_at: z.string(),
  last_sign_in_at: z.string().nullable(),
  status: userStatusSchema,
});
export type UserResponse = z.infer<typeof userSchema>;

export const userListSchema = z.object({ data: z.array(userSchema) });

export const createUserSchema = z.object({ email: emailSchema, role: roleSchema }).strict();

export const createdUserSchema = z.object({
  user: userSchema,
  set_password_url: z.string().describe('<public url>/console/set-password?token=…: single use, valid 72 hours'),
});

export const updateUserSchema = z.object({ role: roleSchema }).strict();

export const apiKeySchema = z.object({
  id: z.string().describe('key_ + ULID'),
  name: z.string(),
  prefix: z.string().describe('the first characters of the key, to tell keys apart'),
  created_at: z.string(),
  last_used_at: z.string().nullable().describe('to the minute: updated at most once a minute'),
});
export type ApiKeyResponse = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) });

export const createApiKeySchema = z.object({ name: z.string().trim().min(1, 'name is required').max(100) }).strict();

export const createdApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  key: z.string().describe('pk_live_…: shown in this answer only'),
  created_at: z.string(),
});
