/**
 * Validation of OpenLineage events against the pinned JSON Schemas (`lineage/spec/2-0-2/`), with Ajv
 * (draft 2020-12, formats `date-time`, `uri`, `uuid`). The validators are compiled once, at first use.
 * Facets streamgov knows (`schema`, `symlinks`, `columnLineage`, `jobType`, `processing_engine`) are
 * validated by their own schemas when present; other facets only as base facets, as the core spec does.
 *
 * @module
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isJsonObject } from '../../common/src/json.ts';
import columnLineageSchema from '../spec/2-0-2/facets/ColumnLineageDatasetFacet.json' with { type: 'json' };
import jobTypeSchema from '../spec/2-0-2/facets/JobTypeJobFacet.json' with { type: 'json' };
import processingEngineSchema from '../spec/2-0-2/facets/ProcessingEngineRunFacet.json' with { type: 'json' };
import schemaFacetSchema from '../spec/2-0-2/facets/SchemaDatasetFacet.json' with { type: 'json' };
import symlinksSchema from '../spec/2-0-2/facets/SymlinksDatasetFacet.json' with { type: 'json' };
import coreSchema from '../spec/2-0-2/OpenLineage.json' with { type: 'json' };
import { LineageValidationError, type ValidationProblem } from './errors.ts';
import { type EventKind, eventKind, type LineageEvent, OPENLINEAGE_SPEC_URL } from './model.ts';

/** The outcome of validating one event. */
export type ValidationResult =
  | { readonly valid: true; readonly kind: EventKind; readonly event: LineageEvent }
  | { readonly valid: false; readonly kind: EventKind; readonly problems: readonly ValidationProblem[] };

type Scope = 'dataset' | 'job' | 'run';

interface FacetRule {
  readonly scope: Scope;
  readonly facet: string;
  readonly ref: string;
}

const FACET_RULES: readonly FacetRule[] = [
  { scope: 'dataset', facet: 'schema', ref: `${schemaFacetSchema.$id}#/$defs/SchemaDatasetFacet` },
  { scope: 'dataset', facet: 'symlinks', ref: `${symlinksSchema.$id}#/$defs/SymlinksDatasetFacet` },
  {
    scope: 'dataset',
    facet: 'columnLineage',
    ref: `${columnLineageSchema.$id}#/$defs/ColumnLineageDatasetFacet`,
  },
  { scope: 'job', facet: 'jobType', ref: `${jobTypeSchema.$id}#/$defs/JobTypeJobFacet` },
  {
    scope: 'run',
    facet: 'processing_engine',
    ref: `${processingEngineSchema.$id}#/$defs/ProcessingEngineRunFacet`,
  },
];

/**
 * The facet schemas were written against older core versions (1-0-2, 1-0-3) and `$ref` their base
 * facets by absolute URL. These aliases resolve those URLs to the pinned core's definitions, so that
 * nothing is fetched and one core version applies throughout.
 */
function coreAlias(version: string): object {
  const def = (name: string) => ({ $ref: `${OPENLINEAGE_SPEC_URL}#/$defs/${name}` });
  return {
    $id: `https://openlineage.io/spec/${version}/OpenLineage.json`,
    $defs: {
      BaseFacet: def('BaseFacet'),
      DatasetFacet: def('DatasetFacet'),
      RunFacet: def('RunFacet'),
      JobFacet: def('JobFacet'),
    },
  };
}

interface Validators {
  readonly events: Readonly<Record<EventKind, ValidateFunction>>;
  readonly facets: ReadonlyMap<FacetRule, ValidateFunction>;
}

let compiled: Validators | undefined;

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

function validators(): Validators {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv, ['date-time', 'uri', 'uuid']);
  ajv.addKeyword('example');
  ajv.addSchema(coreSchema);
  ajv.addSchema(coreAlias('1-0-2'));
  ajv.addSchema(coreAlias('1-0-3'));
  for (const schema of [
    schemaFacetSchema,
    symlinksSchema,
    columnLineageSchema,
    jobTypeSchema,
    processingEngineSchema,
  ]) {
    ajv.addSchema(schema);
  }
  const event = (kind: EventKind) => ajv.compile({ $ref: `${OPENLINEAGE_SPEC_URL}#/$defs/${kind}` });
  compiled = {
    events: { RunEvent: event('RunEvent'), DatasetEvent: event('DatasetEvent'), JobEvent: event('JobEvent') },
    facets: new Map(FACET_RULES.map((rule) => [rule, ajv.compile({ $ref: rule.ref })])),
  };
  return compiled;
}

function messageOf(error: ErrorObject): string {
  const base = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${base}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return base;
}

function problemsOf(errors: readonly ErrorObject[] | null | undefined, prefix: string): ValidationProblem[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'allOf' && e.keyword !== 'anyOf')
    .map((e) => ({ path: `${prefix}${e.instancePath}` || '/', message: messageOf(e) }));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/gu, '~0').replace(/\//gu, '~1');
}

/** Every facets object of a scope in an event, with its JSON pointer. */
function facetHolders(event: Record<string, unknown>, scope: Scope): { path: string; facets: unknown }[] {
  if (scope === 'run')
    return isJsonObject(event.run) ? [{ path: '/run/facets', facets: event.run.facets }] : [];
  if (scope === 'job')
    return isJsonObject(event.job) ? [{ path: '/job/facets', facets: event.job.facets }] : [];
  const holders: { path: string; facets: unknown }[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const list = event[side];
    if (!Array.isArray(list)) continue;
    list.forEach((dataset: unknown, i) => {
      if (isJsonObject(dataset)) holders.push({ path: `/${side}/${i}/facets`, facets: dataset.facets });
    });
  }
  if (isJsonObject(event.dataset)) holders.push({ path: '/dataset/facets', facets: event.dataset.facets });
  return holders;
}

function facetProblems(event: unknown, compiledFacets: Validators['facets']): ValidationProblem[] {
  if (!isJsonObject(event)) return [];
  const problems: ValidationProblem[] = [];
  for (const [rule, validate] of compiledFacets) {
    for (const holder of facetHolders(event, rule.scope)) {
      if (!isJsonObject(holder.facets) || holder.facets[rule.facet] === undefined) continue;
      if (!validate(holder.facets[rule.facet])) {
        problems.push(...problemsOf(validate.errors, `${holder.path}/${escapePointer(rule.facet)}`));
      }
    }
  }
  return problems;
}

function unique(problems: readonly ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates an event against the pinned OpenLineage schema of its kind (see {@link eventKind}) and the
 * schemas of the facets streamgov knows.
 * @param event a parsed JSON value.
 * @returns the typed event, or every problem with its JSON pointer (`/run/runId must match format "uuid"`).
 * @example
 * const result = validateEvent(JSON.parse(body));
 * if (!result.valid) return badRequest(result.problems);
 */
export function validateEvent(event: unknown): ValidationResult {
  const kind = eventKind(event);
  const compiledValidators = validators();
  const validate = compiledValidators.events[kind];
  const problems = validate(event) ? [] : problemsOf(validate.errors, '');
  problems.push(...facetProblems(event, compiledValidators.facets));
  const all = unique(problems);
  return all.length === 0
    ? { valid: true, kind, event: event as LineageEvent }
    : { valid: false, kind, problems: all };
}

/**
 * Validates an event and returns it typed.
 * @throws LineageValidationError naming the first problems (all of them in `problems`).
 */
export function assertValidEvent(event: unknown): LineageEvent {
  const result = validateEvent(event);
  if (!result.valid) throw new LineageValidationError(result.problems, { kind: result.kind });
  return result.event;
}
