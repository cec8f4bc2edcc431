import type { IConstruct } from 'constructs';
import { StreamgovError } from '../../common/src/errors.ts';

/**
 * A construct was given a prop it cannot build from. The message names the construct path, the prop,
 * the value and how to fix it; `cause` keeps the underlying parse error when there is one.
 */
export class ConstructPropsError extends StreamgovError {
  override readonly name: string = 'ConstructPropsError';

  /**
   * @param scope the construct that rejects the prop (its path is part of the message)
   * @param prop the prop's path, e.g. `settings.sources[0].registryName`
   * @param value the rejected value
   * @param reason what is wrong and how to fix it
   */
  constructor(
    scope: IConstruct,
    readonly prop: string,
    value: unknown,
    reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${scope.node.path}: invalid ${prop} ${JSON.stringify(value)}: ${reason}`, {
      ...options,
      context: { constructPath: scope.node.path, prop },
    });
  }
}
