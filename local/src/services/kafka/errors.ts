import { AwsError } from '../../cloud/errors.ts';

/** MSK's validation error: `BadRequestException` (400) naming the offending member by its wire name. */
export function badRequest(message: string, invalidParameter: string): AwsError {
  return new AwsError('BadRequestException', message, { InvalidParameter: invalidParameter });
}

/** A list token this list did not issue: `BadRequestException` naming `nextToken`. */
export function invalidNextToken(token: string): AwsError {
  return badRequest(`The nextToken is not valid: ${token}`, 'nextToken');
}

/** An unknown cluster, topic or policy: `NotFoundException` (404). */
export function notFound(message: string, invalidParameter: string): AwsError {
  return new AwsError('NotFoundException', message, { InvalidParameter: invalidParameter });
}

/** A name already taken: `ConflictException` (409). */
export function conflict(message: string, invalidParameter: string): AwsError {
  return new AwsError('ConflictException', message, { InvalidParameter: invalidParameter });
}

/** Kafka's own answer to a duplicate topic: `TopicExistsException` (409). */
export function topicExists(message: string, invalidParameter: string): AwsError {
  return new AwsError('TopicExistsException', message, { InvalidParameter: invalidParameter });
}

/** The wire (lowerCamelCase) name of the innermost member of a validation path such as `Provisioned.NumberOfBrokerNodes`. */
function wireName(path: string): string {
  const member =
    path
      .split('.')
      .filter((segment) => !/^\d+$/u.test(segment))
      .at(-1) ?? path;
  return `${member.charAt(0).toLowerCase()}${member.slice(1)}`;
}

/** Model validation failures as MSK answers them: BadRequestException with the first failing member. */
export function kafkaValidationError(message: string): AwsError {
  const path = /at '([^']+)'/u.exec(message)?.[1];
  return badRequest(message, path ? wireName(path) : '');
}
