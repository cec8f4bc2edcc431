import { describe, expect, it } from 'vitest';
import {
  AwsError,
  notImplemented,
  queryValidationError,
  validationException,
} from '../../../../local/src/cloud/errors.ts';

describe('shared error answers', () => {
  it('answers ValidationException with the status of the service model', () => {
    expect(validationException('bad')).toMatchObject({
      code: 'ValidationException',
      message: 'bad',
      fields: {},
    });
    expect(validationException('bad').status).toBeUndefined();
  });

  it('answers the awsQuery ValidationError with HTTP 400', () => {
    expect(queryValidationError('bad')).toMatchObject({
      code: 'ValidationError',
      message: 'bad',
      status: 400,
    });
  });

  it('answers an unimplemented operation with a 4xx NotImplementedException', () => {
    const error = notImplemented('glue', 'GetTable');
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      code: 'NotImplementedException',
      message: 'glue:GetTable is not implemented by the streamgov local cloud',
      status: 400,
    });
  });
});
