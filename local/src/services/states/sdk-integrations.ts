import { NormalizedSchema } from '@smithy/core/schema';
import { serviceWire } from '../../wire/catalog.ts';

/** An `arn:aws:states:::aws-sdk:<integration>:<action>` service: its local signing name and error prefix. */
export interface SdkIntegration {
  readonly signingName: string;
  /** PascalCase service name Step Functions puts before error names (`DataZone.ResourceNotFoundException`). */
  readonly errorPrefix: string;
}

/** The AWS SDK integrations the local cloud can serve, by the service name used in the resource ARN. */
const INTEGRATIONS: Readonly<Record<string, SdkIntegration>> = {
  sfn: { signingName: 'states', errorPrefix: 'Sfn' },
  datazone: { signingName: 'datazone', errorPrefix: 'DataZone' },
  kafka: { signingName: 'kafka', errorPrefix: 'Kafka' },
  iam: { signingName: 'iam', errorPrefix: 'Iam' },
  glue: { signingName: 'glue', errorPrefix: 'Glue' },
  ssm: { signingName: 'ssm', errorPrefix: 'Ssm' },
  sts: { signingName: 'sts', errorPrefix: 'Sts' },
  eventbridge: { signingName: 'events', errorPrefix: 'EventBridge' },
  lambda: { signingName: 'lambda', errorPrefix: 'Lambda' },
  kinesisanalyticsv2: { signingName: 'kinesisanalytics', errorPrefix: 'KinesisAnalyticsV2' },
};

export function sdkIntegration(service: string): SdkIntegration | undefined {
  return INTEGRATIONS[service];
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** `getAsset` → `GetAsset`: the operation the SDK integration action names. */
export function operationName(action: string): string {
  return capitalize(action);
}

/** Whether the SDK model of the service has the operation. */
export function hasSdkOperation(signingName: string, operation: string): boolean {
  return serviceWire(signingName)?.operations.has(operation) ?? false;
}

function operationSchemas(signingName: string, operation: string) {
  const entry = serviceWire(signingName)?.operations.get(operation);
  if (!entry) throw new Error(`no SDK model for ${signingName}:${operation}`);
  return { input: NormalizedSchema.of(entry.schema.input), output: NormalizedSchema.of(entry.schema.output) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function memberFor(schema: NormalizedSchema, key: string): [string, NormalizedSchema] | undefined {
  let loose: [string, NormalizedSchema] | undefined;
  for (const [name, member] of schema.structIterator()) {
    if (name === key || capitalize(name) === key) return [name, member];
    if (name.toLowerCase() === key.toLowerCase()) loose = [name, member];
  }
  return loose;
}

function toSdk(schema: NormalizedSchema, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const member = memberFor(schema, key);
      // Members the model does not have are dropped, as the SDK drops them.
      if (member) out[member[0]] = toSdk(member[1], item);
    }
    return out;
  }
  if (schema.isListSchema())
    return Array.isArray(value) ? value.map((v) => toSdk(schema.getValueSchema(), v)) : value;
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return value;
    const valueSchema = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdk(valueSchema, v)]));
  }
  if (schema.isTimestampSchema() && (typeof value === 'string' || typeof value === 'number')) {
    return new Date(typeof value === 'number' ? value * 1000 : value);
  }
  if (schema.isBlobSchema() && typeof value === 'string') return new TextEncoder().encode(value);
  if (schema.isBlobSchema() && isRecord(value)) return new TextEncoder().encode(JSON.stringify(value));
  if (schema.isStringSchema() && typeof value === 'object') return JSON.stringify(value);
  return value;
}

function fromSdk(schema: NormalizedSchema, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const converted = fromSdk(member, value[name]);
      if (converted !== undefined) out[capitalize(name)] = converted;
    }
    return out;
  }
  if (schema.isListSchema())
    return Array.isArray(value) ? value.map((v) => fromSdk(schema.getValueSchema(), v)) : value;
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return value;
    const valueSchema = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromSdk(valueSchema, v)]));
  }
  return value;
}

/**
 * Task `Parameters` (PascalCase, as Step Functions requires even for camelCase APIs) → the SDK input of the
 * operation, member names and types as the SDK types name them. Uses the SDK's own model.
 */
export function toSdkInput(
  signingName: string,
  operation: string,
  parameters: unknown,
): Record<string, unknown> {
  const converted = toSdk(operationSchemas(signingName, operation).input, parameters ?? {});
  return isRecord(converted) ? converted : {};
}

/** An SDK output → the task result Step Functions produces: PascalCase members, ISO timestamps. */
export function fromSdkOutput(signingName: string, operation: string, output: unknown): unknown {
  return fromSdk(operationSchemas(signingName, operation).output, output ?? {}) ?? {};
}
