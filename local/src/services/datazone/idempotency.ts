import { createHash } from 'node:crypto';
import { conflict } from './errors.ts';
import type { DataZoneState } from './state.ts';

/**
 * Client-token idempotency keyed on (operation, domain, clientToken), as DataZone does for its
 * create operations: a retry with the same token and the same parameters gets the first call's
 * result; the same token with other parameters is a ConflictException.
 */
export interface Idempotency {
  /** What the first call recorded, or undefined when the token is new (or absent). */
  readonly previous: Readonly<Record<string, string>> | undefined;
  /** Records the result of this call under its token (no-op without a token). */
  remember(result: Readonly<Record<string, string>>): void;
}

export function idempotency(
  state: DataZoneState,
  operation: string,
  domainId: string,
  clientToken: string | undefined,
  parameters: unknown,
): Idempotency {
  if (clientToken === undefined) return { previous: undefined, remember: () => undefined };
  const key = `${operation} ${domainId} ${clientToken}`;
  const fingerprint = createHash('sha256').update(canonical(parameters)).digest('base64url');
  const existing = Object.hasOwn(state.clientTokens, key) ? state.clientTokens[key] : undefined;
  if (existing && existing.fingerprint !== fingerprint) {
    throw conflict(`The client token ${clientToken} was already used with different parameters.`);
  }
  return {
    previous: existing?.result,
    remember: (result) => {
      state.clientTokens[key] = { fingerprint, result };
    },
  };
}

/** JSON with binary members as base64 and without the token itself. */
function canonical(parameters: unknown): string {
  return JSON.stringify(parameters, (key, value: unknown) => {
    if (key === 'clientToken') return undefined;
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    return value;
  });
}
