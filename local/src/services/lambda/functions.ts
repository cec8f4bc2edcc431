/** Read operations: GetFunction, GetFunctionConfiguration, ListFunctions. */
import { paginate } from '../../cloud/pagination.ts';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, num, required, str, validated } from '../../cloud/validate.ts';
import { invalidParameter } from './errors.ts';
import { namespacedFunctionName, resolveFunction } from './function-name.ts';
import type { LambdaState } from './state.ts';
import { configuration } from './views.ts';

type Ctx = CallContext<LambdaState>;

/** ListFunctions' page size when MaxItems is omitted (AWS answers at most 50). */
const DEFAULT_PAGE = 50;
const qualifier = str({ min: 1, max: 128, pattern: anchored('(|[a-zA-Z0-9$_-]+)') });

export const getFunction = validated(
  { FunctionName: required(namespacedFunctionName), Qualifier: qualifier },
  (input: { FunctionName: string }, ctx: Ctx) => {
    const { fn } = resolveFunction(ctx, input.FunctionName);
    return { Configuration: configuration(fn), Code: { RepositoryType: 'S3' } };
  },
);

export const getFunctionConfiguration = validated(
  { FunctionName: required(namespacedFunctionName), Qualifier: qualifier },
  (input: { FunctionName: string }, ctx: Ctx) => configuration(resolveFunction(ctx, input.FunctionName).fn),
);

export const listFunctions = validated(
  {
    MasterRegion: str({ pattern: anchored('ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}') }),
    FunctionVersion: str({ enum: ['ALL'] }),
    Marker: str(),
    MaxItems: num({ min: 1, max: 10000 }),
  },
  (input: { Marker?: string; MaxItems?: number }, ctx: Ctx) => {
    const page = paginate({
      items: Object.values(ctx.state.functions),
      key: (fn) => fn.FunctionName,
      sort: true,
      limit: input.MaxItems ?? DEFAULT_PAGE,
      token: input.Marker,
      invalidToken: (marker) => invalidParameter(`Invalid Marker: ${marker}`),
    });
    return {
      Functions: page.items.map(configuration),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },
);
