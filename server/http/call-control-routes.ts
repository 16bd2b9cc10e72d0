/**
 * Live control of a call: end it, transfer it (to `human` or another agent), reply as an
 * operator once a human has it, and gather keypad digits. A call that has ended is a 409
 * `Call is not in progress`.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  callStatusResponseSchema,
  gatherRequestSchema,
  gatherSchema,
  operatorMessageRequestSchema,
  operatorMessageResponseSchema,
  transferRequestSchema,
  transferResponseSchema,
} from '../../shared/api/calls-api.ts';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { CallControl } from '../calls/call-control.ts';
import { callStatusOf } from '../calls/call-status.ts';
import type { CallsService } from '../calls/calls-service.ts';
import { presentGather, type GatherService } from '../calls/gather-service.ts';
import { callParams } from './calls-routes.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Calls'];
const security = apiKeySecurity;
const errors = { ...commonErrors, ...conflictError };

const routes = {
  end: createRoute({ method: 'post', path: '/v1/calls/{call_id}/end', tags, security, summary: 'End the call (reason api); the visitor sees it end',
    request: { params: callParams }, responses: { 200: jsonContent(callStatusResponseSchema, 'The ended call'), ...errors } }),
  transfer: createRoute({ method: 'post', path: '/v1/calls/{call_id}/transfer', tags, security,
    summary: 'Hand the call to a human (operators answer with operator-messages) or to another agent',
    request: { params: callParams, body: jsonBody(transferRequestSchema) },
    responses: { 200: jsonContent(transferResponseSchema, 'The transfer completed'), 502: jsonContent(errorResponseSchema, 'The destination agent could not start'), ...errors } }),
  operatorMessage: createRoute({ method: 'post', path: '/v1/calls/{call_id}/operator-messages', tags, security,
    summary: "An operator's reply into a call transferred to a human; it reaches the visitor's widget",
    request: { params: callParams, body: jsonBody(operatorMessageRequestSchema) },
    responses: { 201: jsonContent(operatorMessageResponseSchema, 'The stored message'), ...errors } }),
  gather: createRoute({ method: 'post', path: '/v1/calls/{call_id}/gather', tags, security,
    summary: 'Ask the visitor for keypad digits; the answer or the timeout fires call.gather.completed',
    request: { params: callParams, body: jsonBody(gatherRequestSchema) },
    responses: { 202: jsonContent(gatherSchema, 'The gather, now active'), ...errors } }),
};

export function createCallControlRoutes(deps: { calls: CallsService; control: CallControl; gathers: GatherService }) {
  const { calls, control } = deps;
  const app = createRouter();

  app.openapi(routes.end, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    return c.json(calls.status(await control.end(session.id)), 200);
  });

  app.openapi(routes.transfer, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const { destination } = c.req.valid('json');
    const saved = await control.transfer(session.id, destination, c.req.raw.signal);
    return c.json({ call_id: callIdOf(saved.id), destination, transfer_status: 'completed' as const, status: callStatusOf(saved) }, 200);
  });

  app.openapi(routes.operatorMessage, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const message = await control.operatorMessage(session.id, c.req.valid('json').content);
    return c.json({ call_id: callIdOf(session.id), index: message.index, role: 'assistant' as const, author: 'operator' as const, content: message.content, timestamp: message.timestamp }, 201);
  });

  app.openapi(routes.gather, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const gather = await deps.gathers.start(session, c.req.valid('json'));
    return c.json(presentGather(gather), 202);
  });

  return app;
}
