import { describe, expect, it } from 'vitest';
import {
  AwsCallError,
  StreamgovError,
  TransientAwsError,
  translateAwsError,
} from '../../../common/src/errors.ts';

function sdkError(name: string, status: number) {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

describe('translateAwsError', () => {
  it.each([
    ['ThrottlingException', 400, TransientAwsError],
    ['TooManyRequestsException', 429, TransientAwsError],
    ['InternalServerException', 500, TransientAwsError],
    ['AccessDeniedException', 403, AwsCallError],
    ['ResourceNotFoundException', 404, AwsCallError],
  ])('maps %s (%i) to a named error keeping the cause', (name, status, expected) => {
    const original = sdkError(name, status);
    const translated = translateAwsError(original, 'GetAsset', { assetId: 'a1' });
    expect(translated).toBeInstanceOf(expected);
    expect(translated.name).toBe(expected.name);
    expect(translated.cause).toBe(original);
    expect(translated.message).toBe(`GetAsset failed: ${name}: ${name} happened`);
    expect(translated.context).toEqual({ assetId: 'a1' });
  });

  it('passes streamgov errors through unchanged', () => {
    const own = new StreamgovError('x');
    expect(translateAwsError(own, 'y')).toBe(own);
  });
});
