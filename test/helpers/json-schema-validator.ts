/**
 * A JSON Schema validator for tests: Ajv for draft 2020-12 in strict mode, so a schema
 * using an unknown keyword fails to compile instead of checking nothing. `uri` is the one
 * format the published schemas use. Union types (`"type": ["string", "null"]`) are plain
 * JSON Schema; Ajv's strict mode only frowns on them as a style.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

export interface JsonSchemaCheck {
  valid: boolean;
  /** `instancePath: message` per problem. */
  problems: string[];
}

/** Compile a schema; the returned function checks a document against it. */
export function compileJsonSchema(schema: Record<string, unknown>): (document: unknown) => JsonSchemaCheck {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('uri', { type: 'string', validate: (text: string) => URL.canParse(text) });
  const validate = ajv.compile(schema);
  return (document) => {
    const valid = validate(document);
    return { valid, problems: (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`) };
  };
}
