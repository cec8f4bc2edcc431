import type { LocalCloud } from './cloud/cloud.ts';
import type { FaultSettings } from './cloud/faults.ts';
import { utf8, type WireRequest, type WireResponse } from './wire/http.ts';

export interface AdminOptions {
  /** Applies a world file (`POST /_local/seed`); returns a summary of what was created. */
  readonly seed?: (world: unknown) => Promise<unknown>;
}

function json(status: number, value: unknown): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? utf8.decode(v) : v)),
  };
}

function parseBody(request: WireRequest): unknown {
  const text = utf8.decode(request.body).trim();
  return text ? JSON.parse(text) : {};
}

const FAULT_KEYS = new Set(['latencyMs', 'quotas', 'errors']);

function validateFaults(value: unknown): FaultSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('fault settings must be a JSON object');
  }
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!FAULT_KEYS.has(key))
      throw new Error(`unknown fault setting "${key}" (expected latencyMs, quotas, errors)`);
  }
  const { latencyMs, quotas, errors } = settings;
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || latencyMs < 0)) {
    throw new Error(`latencyMs must be a number >= 0, got ${JSON.stringify(latencyMs)}`);
  }
  if (quotas !== undefined && quotas !== 'aws-defaults') {
    if (typeof quotas !== 'object' || quotas === null)
      throw new Error('quotas must be "aws-defaults" or an object');
    for (const [op, rate] of Object.entries(quotas)) {
      if (typeof rate !== 'number' || rate <= 0) throw new Error(`quotas.${op} must be a number > 0`);
    }
  }
  if (errors !== undefined) {
    if (typeof errors !== 'object' || errors === null) throw new Error('errors must be an object');
    for (const [op, spec] of Object.entries(errors as Record<string, { rate?: unknown; code?: unknown }>)) {
      if (typeof spec?.rate !== 'number' || spec.rate < 0 || spec.rate > 1) {
        throw new Error(`errors.${op}.rate must be a number between 0 and 1`);
      }
      if (typeof spec.code !== 'string' || spec.code === '')
        throw new Error(`errors.${op}.code must be a string`);
    }
  }
  return settings as FaultSettings;
}

/** The `/_local/` admin API: health, reset, state, call counts, faults, seed. */
export async function handleAdmin(
  cloud: LocalCloud,
  request: WireRequest,
  options: AdminOptions,
): Promise<WireResponse> {
  const route = `${request.method} ${request.rawPath.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /_local/health':
        return json(200, { status: 'ok', services: cloud.serviceNames() });
      case 'POST /_local/reset':
        cloud.reset();
        return json(200, { reset: true });
      case 'GET /_local/state':
        return json(200, cloud.dump());
      case 'GET /_local/calls':
        return json(200, cloud.callCounts());
      case 'DELETE /_local/calls':
        cloud.resetCallCounts();
        return json(200, {});
      case 'GET /_local/faults':
        return json(200, cloud.faults.current());
      case 'PUT /_local/faults':
        cloud.faults.configure(validateFaults(parseBody(request)));
        return json(200, cloud.faults.current());
      case 'POST /_local/seed': {
        if (!options.seed) return json(501, { message: 'this server was started without a seeder' });
        return json(200, await options.seed(parseBody(request)));
      }
      default:
        return json(404, { message: `no admin route ${route}` });
    }
  } catch (error) {
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}
