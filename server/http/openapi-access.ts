/**
 * Writes who may call each `/v1` route into the OpenAPI document, from the same table the
 * authenticator enforces (`ROUTE_PERMISSIONS`), so the document cannot drift from the
 * rule: the console session as a way to authenticate, the minimum role as
 * `x-parley-role`, and the 403 a lesser role gets.
 */
import { permissionOf } from './route-permissions.ts';

interface Operation {
  description?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, { description?: string; content?: unknown }>;
  'x-parley-role'?: string;
}

const CONSOLE_SESSION = { consoleSession: [] };

const ROLE_NOTE: Record<string, string> = {
  operator: 'Any signed-in role (operator, builder, admin) or an API key.',
  builder: 'Role builder or admin, or an API key.',
  admin: 'Role admin, or an API key.',
};

function describe(op: Operation, permission: string): void {
  if (permission === 'public') {
    op.security = [];
    return;
  }
  if (permission === 'session') {
    op.security = [CONSOLE_SESSION];
    return;
  }
  op.security = [...(op.security ?? []), CONSOLE_SESSION];
  op['x-parley-role'] = permission;
  op.description = [op.description, ROLE_NOTE[permission], 'A cookie-authenticated write also sends the session\'s x-csrf-token.'].filter(Boolean).join('\n\n');
  const responses = (op.responses ??= {});
  responses['403'] ??= {
    description: 'The signed-in role may not do this (forbidden), or a cookie-authenticated write lacks its x-csrf-token or comes from another site (csrf_failed)',
    ...(responses['401']?.content ? { content: responses['401'].content } : {}),
  };
}

/** The document with every `/v1` operation's access described; other paths are left as they are. */
export function withAccessRules<D extends { paths?: object | undefined }>(document: D): D {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, methods] of Object.entries(paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const [method, op] of Object.entries(methods)) describe(op, permissionOf(method, path));
  }
  return document;
}
