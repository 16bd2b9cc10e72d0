/**
 * Field schemas every node kind's schema is built from: node ids, agent texts and
 * variable paths.
 */
import { z } from 'zod';

/** The id of a node, as a target names it. */
export const nodeId = z.string().min(1).max(64);

/** A text the visitor reads (markdown, with `{{variables}}`). */
export const agentText = z.string().max(4000);

/** A dotted variable path such as `policy.active` or `items.0.name`. */
export const variablePath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'must be a dotted variable path like policy.active');

/** How often a node asks again before it gives up (`on_fail`). */
export const maxRetries = z
  .number()
  .int()
  .min(0)
  .max(10)
  .default(2)
  .describe('How many times the node asks again before a failed answer goes to on_fail');
