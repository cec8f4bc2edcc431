/**
 * Meta-schema validation of JSON Schema definitions with Ajv: draft-07 (also used for draft-06 and for
 * schemas without `$schema`), 2019-09 and 2020-12. Other dialects (draft-04, draft-03, custom) are not
 * meta-validated; the column walker still checks every keyword it reads.
 *
 * @module
 */
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

type Validator = Pick<Ajv, 'validate' | 'errors'>;

interface Dialect {
  readonly metaId: string;
  readonly create: () => Validator;
}

const AJV_OPTIONS = { strict: false, validateFormats: false, allErrors: false } as const;

const DRAFT_07: Dialect = {
  metaId: 'http://json-schema.org/draft-07/schema',
  create: () => new Ajv(AJV_OPTIONS),
};
const DRAFT_2019: Dialect = {
  metaId: 'https://json-schema.org/draft/2019-09/schema',
  create: () => new Ajv2019(AJV_OPTIONS),
};
const DRAFT_2020: Dialect = {
  metaId: 'https://json-schema.org/draft/2020-12/schema',
  create: () => new Ajv2020(AJV_OPTIONS),
};

const validators = new Map<Dialect, Validator>();

function dialectOf(schemaUri: unknown): Dialect | undefined {
  if (schemaUri === undefined) return DRAFT_07;
  if (typeof schemaUri !== 'string') return undefined;
  if (schemaUri.includes('draft/2020-12')) return DRAFT_2020;
  if (schemaUri.includes('draft/2019-09')) return DRAFT_2019;
  if (schemaUri.includes('draft-07') || schemaUri.includes('draft-06')) return DRAFT_07;
  return undefined;
}

/** A meta-schema violation: the JSON pointer of the offending keyword and Ajv's message. */
export interface MetaProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Validates `schema` against the meta-schema of its `$schema` dialect. Returns the first problem, or
 * `undefined` when it is valid or its dialect is not one Ajv checks here (`checked` says which).
 */
export function metaValidate(
  schema: unknown,
  schemaUri: unknown,
): { readonly checked: boolean; readonly problem?: MetaProblem } {
  const dialect = dialectOf(schemaUri);
  if (dialect === undefined) return { checked: false };
  let validator = validators.get(dialect);
  if (validator === undefined) {
    validator = dialect.create();
    validators.set(dialect, validator);
  }
  if (validator.validate(dialect.metaId, schema) === true) return { checked: true };
  const [first] = validator.errors ?? [];
  if (first === undefined) return { checked: true, problem: { pointer: '/', message: 'not a valid schema' } };
  return {
    checked: true,
    problem: { pointer: first.instancePath || '/', message: first.message ?? 'invalid' },
  };
}
