import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ConstructPropsError } from '../errors.ts';

/** DataZone domain ids (API model `DomainId`). */
export { DOMAIN_ID } from '../../../common/src/config.ts';

/** DataZone project ids (API model `ProjectId`). */
export const PROJECT_ID = /^[a-zA-Z0-9_-]{1,36}$/;
/** DataZone form type names without the `amazon.datazone.` prefix (API model `FormTypeName`). */
export const FORM_TYPE_NAME = /^(?![0-9_])\w{1,128}$|^_\w*[a-zA-Z0-9]\w*$/;
/** DataZone asset type names: 1–256 characters, no `.` (the docs reserve dots for system types). */
export const ASSET_TYPE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,255}$/;

/**
 * Checks a string prop against `pattern`; tokens (deploy-time values) are accepted unchecked.
 * @throws ConstructPropsError naming the prop, the value and the expected pattern.
 */
export function checkProp(scope: IConstruct, prop: string, value: string, pattern: RegExp): string {
  if (Token.isUnresolved(value)) return value;
  if (!pattern.test(value)) {
    throw new ConstructPropsError(scope, prop, value, `must match ${pattern.source}`);
  }
  return value;
}
