/**
 * The signed-in session of the console auth contract (`/v1/auth/sign-in`, `/session`,
 * `/password`), checked by hand: these answers are read by the first load, where zod
 * would weigh more than the rest of it put together (the widget's `guards.ts` does the
 * same). The lazily loaded pages parse with zod. Keep in step with `shared/api/auth-api.ts`.
 */
import type { Parser } from './http-client.ts';

export const ROLES = ['admin', 'builder', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface SignedInUser {
  id: string | number;
  email: string;
  role: Role;
  workspace_id: number;
}

export interface AuthSession {
  user: SignedInUser;
  csrf_token: string;
  expires_at: string;
}

/** Password rules of the contract, checked before sending. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export class BadResponseError extends Error {
  readonly code = 'bad_response';
  constructor(what: string) {
    super(`Unexpected ${what} from the server`);
    this.name = 'BadResponseError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
export const isRole = (v: unknown): v is Role => ROLES.includes(v as Role);

/** `{user:{id,email,role,workspace_id}, csrf_token, expires_at}`; other fields are dropped. */
export const authSessionParser: Parser<AuthSession> = {
  parse(v) {
    if (!isObj(v) || !isObj(v.user) || !isStr(v.csrf_token) || !isStr(v.expires_at)) throw new BadResponseError('session');
    const { id, email, role, workspace_id } = v.user;
    if (!(isStr(id) || typeof id === 'number') || !isStr(email) || !isRole(role) || typeof workspace_id !== 'number') throw new BadResponseError('user');
    return { user: { id, email, role, workspace_id }, csrf_token: v.csrf_token, expires_at: v.expires_at };
  },
};

/** The error envelope `{"error":{"code","message","details"?}}`, or undefined for anything else. */
export function readErrorEnvelope(v: unknown): { code: string; message: string; details: { path: string; message: string }[] } | undefined {
  if (!isObj(v) || !isObj(v.error) || !isStr(v.error.code) || !isStr(v.error.message)) return undefined;
  const details = Array.isArray(v.error.details)
    ? v.error.details.filter((d): d is { path: string; message: string } => isObj(d) && isStr(d.path) && isStr(d.message)).map(({ path, message }) => ({ path, message }))
    : [];
  return { code: v.error.code, message: v.error.message, details };
}
