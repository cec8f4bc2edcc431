import { AwsError } from '../../cloud/errors.ts';

/** STS's validation error (awsQuery code ValidationError, HTTP 400). */
export { queryValidationError as validationError } from '../../cloud/errors.ts';

/** The answer when a trust policy does not let the caller assume the role (or the role does not exist). */
export function accessDenied(callerArn: string, roleArn: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    {},
    403,
  );
}

export function expiredToken(): AwsError {
  return new AwsError(
    'ExpiredTokenException',
    'The security token included in the request is expired',
    {},
    400,
  );
}
