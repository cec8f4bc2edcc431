import { createHash } from 'node:crypto';
import type { StoredParameter } from './state.ts';

/** The key SecureString parameters use when PutParameter names none. */
export const DEFAULT_KEY_ID = 'alias/aws/ssm';

/**
 * The value a caller sees: SecureString values only when decryption was asked for, otherwise a stand-in
 * for the KMS ciphertext that is stable for a given key and value (AWS returns the base64 ciphertext).
 */
export function visibleValue(stored: StoredParameter, withDecryption: boolean | undefined): string {
  if (stored.Type !== 'SecureString' || withDecryption === true) return stored.Value;
  const digest = createHash('sha256')
    .update(`${stored.KeyId ?? DEFAULT_KEY_ID}\u0000${stored.Value}`)
    .digest('base64');
  return `AQICAH${digest}`;
}
