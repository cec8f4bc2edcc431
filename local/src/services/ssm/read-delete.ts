import type {
  DeleteParameterRequest,
  DeleteParameterResult,
  DeleteParametersRequest,
  DeleteParametersResult,
  GetParameterRequest,
  GetParameterResult,
  GetParametersRequest,
  GetParametersResult,
  Parameter,
} from '@aws-sdk/client-ssm';
import type { CallContext } from '../../cloud/types.ts';
import { bool, list, required, str, validated } from '../../cloud/validate.ts';
import { parameterNotFound } from './errors.ts';
import { parameterDeleted } from './parameter-index.ts';
import { visibleValue } from './secure-string.ts';
import { parameterArn, type SsmState, type StoredParameter, toParameter } from './state.ts';

const NAME = str({ min: 1, max: 2048 });
const NAMES = required(list(NAME, { min: 1, max: 10 }));

function lookup(state: SsmState, name: string): StoredParameter | undefined {
  return state.parameters[name.trim()];
}

/** The SDK `Parameter` of a stored parameter as this caller sees it. */
export function present(
  stored: StoredParameter,
  ctx: CallContext<SsmState>,
  withDecryption?: boolean,
): Parameter {
  const arn = parameterArn(ctx.caller.region, ctx.caller.account, stored.Name);
  return toParameter(stored, arn, visibleValue(stored, withDecryption));
}

/** GetParameter: one parameter; SecureString values decrypted only `WithDecryption`. */
export const getParameter = validated(
  { Name: required(NAME), WithDecryption: bool() },
  (input: GetParameterRequest, ctx: CallContext<SsmState>): GetParameterResult => {
    const stored = lookup(ctx.state, input.Name ?? '');
    if (!stored) throw parameterNotFound(input.Name ?? '');
    return { Parameter: present(stored, ctx, input.WithDecryption) };
  },
);

/** GetParameters: up to 10 names; unknown names are listed in `InvalidParameters`, not thrown. */
export const getParameters = validated(
  { Names: NAMES, WithDecryption: bool() },
  (input: GetParametersRequest, ctx: CallContext<SsmState>): GetParametersResult => {
    const found: Parameter[] = [];
    const invalid: string[] = [];
    for (const name of new Set(input.Names ?? [])) {
      const stored = lookup(ctx.state, name);
      if (stored) found.push(present(stored, ctx, input.WithDecryption));
      else invalid.push(name);
    }
    return { Parameters: found, InvalidParameters: invalid };
  },
);

/** DeleteParameter: ParameterNotFound when the name does not exist. */
export const deleteParameter = validated(
  { Name: required(NAME) },
  (input: DeleteParameterRequest, ctx: CallContext<SsmState>): DeleteParameterResult => {
    const stored = lookup(ctx.state, input.Name ?? '');
    if (!stored) throw parameterNotFound(input.Name ?? '');
    delete ctx.state.parameters[stored.Name];
    parameterDeleted(ctx.state.parameters, stored);
    return {};
  },
);

/** DeleteParameters: 1-10 names; names that do not exist come back in `InvalidParameters`. */
export const deleteParameters = validated(
  { Names: NAMES },
  (input: DeleteParametersRequest, ctx: CallContext<SsmState>): DeleteParametersResult => {
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const name of new Set(input.Names ?? [])) {
      const stored = lookup(ctx.state, name);
      if (stored) {
        delete ctx.state.parameters[stored.Name];
        parameterDeleted(ctx.state.parameters, stored);
        deleted.push(name);
      } else {
        invalid.push(name);
      }
    }
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  },
);
