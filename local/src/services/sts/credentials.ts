import { createHash } from 'node:crypto';
import { digestChars, UPPER_ALNUM } from '../../cloud/ids.ts';

function derive(seed: string, purpose: string): Buffer {
  return createHash('sha512').update(`${purpose}\u0000${seed}`).digest();
}

/** Temporary credentials in AWS's formats: `ASIA` + 16 upper-case letters and digits, a 40-character secret. */
export function newCredentials(seed: string): {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
} {
  const accessKeyId = `ASIA${digestChars(derive(seed, 'access-key'), UPPER_ALNUM, 16)}`;
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
