import { StreamgovError } from '../../../common/src/errors.ts';

/**
 * A synthesized template cannot be deployed locally: a reference the local deployment cannot resolve, an
 * intrinsic function it does not support, a definition that is not JSON. The message names the resource
 * and the value.
 */
export class LocalDeployError extends StreamgovError {
  override readonly name: string = 'LocalDeployError';
}
