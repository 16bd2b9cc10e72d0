/**
 * The body of a PATCH: an object schema's fields, each optional and none defaulted.
 * zod's `.partial()` alone keeps every field's `.default()`, so a body naming one field
 * parses into one holding every other field's default too — and applying it would reset
 * those fields. Each field keeps its description (the OpenAPI document shows it).
 */
import { z } from 'zod';

function withoutDefault(field: z.ZodType): z.ZodType {
  if (!(field instanceof z.ZodDefault)) return field;
  const inner = field.unwrap() as z.ZodType;
  return field.description ? inner.describe(field.description) : inner;
}

/**
 * @example patchSchemaOf(agentConfigSchema).parse({ name: 'Support' }) // { name: 'Support' }
 */
export function patchSchemaOf<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const fields = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, withoutDefault(field as z.ZodType).optional()]));
  // The static type stays `.partial()`'s: only the parsed output loses the defaults.
  return schema.partial().extend(fields) as unknown as ReturnType<z.ZodObject<Shape>['partial']>;
}
