import { createHash } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function derive(seed: string, purpose: string): Buffer {
  return createHash('sha512').update(`${purpose}\u0000${seed}`).digest();
}

/** Temporary credentials in AWS's formats: `ASIA` + 16 upper-case letters and digits, a 40-character secret. */
export function newCredentials(seed: string): {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
} {
  const keyBytes = derive(seed, 'access-key');
  let accessKeyId = 'ASIA';
  for (let i = 0; accessKeyId.length < 20; i += 1)
    accessKeyId += UPPER_ALNUM[(keyBytes[i] ?? 0) % UPPER_ALNUM.length];
  const secret = derive(seed, 'secret')
    .toString('base64')
    .replace(/[^A-Za-z0-9]/gu, '')
    .slice(0, 40);
  const token = Buffer.concat([
    derive(seed, 'token-1'),
    derive(seed, 'token-2'),
    derive(seed, 'token-3'),
  ]).toString('base64');
  return {
    AccessKeyId: accessKeyId,
    SecretAccessKey: secret.padEnd(40, 'A'),
    SessionToken: `IQoJb3JpZ2luX2Vj${token}`,
  };
}
