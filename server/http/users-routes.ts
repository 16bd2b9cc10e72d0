/** `/v1/users`: the workspace's people. Admins invite by one-time link, change roles and remove. */
import { createRoute, z } from '@hono/zod-openapi';
import { createdUserSchema, createUserSchema, updateUserSchema, userListSchema, userSchema } from '../../shared/api/auth-api.ts';
import { presentUser } from '../auth/user-presenter.ts';
import type { UsersService } from '../auth/users-service.ts';
import { auditEntry } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['People'];
const security = apiKeySecurity;
const idParams = z.object({ id: z.string().min(1).max(64).describe('user_ + ULID') });

const routes = {
  list: createRoute({ method: 'get', path: '/v1/users', tags, security, summary: 'List the workspace\'s people, oldest first',
    responses: { 200: jsonContent(userListSchema, 'The users'), ...commonErrors } }),
  invite: createRoute({ method: 'post', path: '/v1/users', tags, security, summary: 'Invite a person: the answer carries their one-time set-password link (72 h)',
    request: { body: jsonBody(createUserSchema) },
    responses: { 201: jsonContent(createdUserSchema, 'The invited user and the link to pass on'), ...commonErrors, ...conflictError } }),
  update: createRoute({ method: 'patch', path: '/v1/users/{id}', tags, security, summary: 'Change a user\'s role (the last admin cannot be demoted: 409 last_admin)',
    request: { params: idParams, body: jsonBody(updateUserSchema) },
    responses: { 200: jsonContent(userSchema, 'The user'), ...commonErrors, ...conflictError } }),
  remove: createRoute({ method: 'delete', path: '/v1/users/{id}', tags, security, summary: 'Remove a user; their console sessions end (the last admin cannot be removed: 409 last_admin)',
    request: { params: idParams }, responses: { 204: { description: 'Removed' }, ...commonErrors, ...conflictError } }),
};

export function createUsersRoutes(deps: { users: UsersService }) {
  const { users } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ data: (await users.list(c.var.workspaceId)).map(presentUser) }, 200));

  app.openapi(routes.invite, async (c) => {
    const { user, setPasswordUrl } = await users.invite(c.var.workspaceId, c.req.valid('json'), 'invite', (made) =>
      auditEntry(c, 'user.invited', { type: 'user', id: made.publicId }, { role: made.role }),
    );
    return c.json({ user: presentUser(user), set_password_url: setPasswordUrl }, 201);
  });

  app.openapi(routes.update, async (c) => {
    const { role } = c.req.valid('json');
    const user = await users.changeRole(c.var.workspaceId, c.req.valid('param').id, role, (before) =>
      auditEntry(c, 'user.role_changed', { type: 'user', id: before.publicId }, { from: before.role, role }),
    );
    return c.json(presentUser(user), 200);
  });

  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid('param');
    await users.remove(c.var.workspaceId, id, () => auditEntry(c, 'user.removed', { type: 'user', id }));
    return c.body(null, 204);
  });

  return app;
}
