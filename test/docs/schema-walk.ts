/**
 * Walks a published JSON Schema: every property it declares, where, whether it carries a
 * description, and the constant and enumerated values it allows. The docs tests read the
 * schemas through this, so a field added to a zod schema shows up here by itself.
 */

type Json = Record<string, unknown>;

export interface SchemaProperty {
  /** `nodes.*.(ask).expect.pattern` */
  path: string;
  name: string;
  described: boolean;
  /** `const` and `enum` values allowed for this property (node types, answer types, methods). */
  values: string[];
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The node kind a schema branch stands for (`type: { const: 'ask' }`), to label paths. */
function kindOf(schema: Json): string | undefined {
  const properties = schema.properties;
  if (!isObject(properties) || !isObject(properties.type)) return undefined;
  const kind = properties.type.const;
  return typeof kind === 'string' ? kind : undefined;
}

function valuesOf(schema: Json): string[] {
  const values = [...(Array.isArray(schema.enum) ? schema.enum : []), ...(schema.const === undefined ? [] : [schema.const])];
  return values.filter((value): value is string => typeof value === 'string');
}

/**
 * Every property of `schema`, depth first, following `$ref`s into `$defs` once each.
 * A property's own description, or that of the schema it refers to, counts.
 */
export function describedProperties(schema: Json, prefix = ''): SchemaProperty[] {
  const defs = isObject(schema.$defs) ? schema.$defs : {};
  const found: SchemaProperty[] = [];
  const seenRefs = new Set<string>();

  const resolve = (node: Json): Json => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const target = defs[ref.replace('#/$defs/', '')];
    return isObject(target) ? target : node;
  };

  const visit = (node: unknown, path: string): void => {
    if (!isObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      if (seenRefs.has(ref)) return;
      seenRefs.add(ref);
      visit(resolve(node), path);
      return;
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node[key];
      if (!Array.isArray(branches)) continue;
      for (const branch of branches) {
        const kind = isObject(branch) ? kindOf(branch) : undefined;
        visit(branch, kind === undefined ? path : `${path}(${kind})`);
      }
    }
    if (isObject(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        if (!isObject(property)) continue;
        const target = resolve(property);
        const values = [...valuesOf(property), ...valuesOf(target), ...(isObject(property.items) ? valuesOf(property.items) : [])];
        found.push({ path: `${path}.${name}`.replace(/^\./, ''), name, described: typeof (property.description ?? target.description) === 'string', values });
        visit(property, `${path}.${name}`);
      }
    }
    visit(node.items, `${path}[]`);
    visit(node.additionalProperties, `${path}.*`);
  };

  visit(schema, prefix);
  return found;
}
