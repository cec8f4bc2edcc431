/** Read operations: GetFunction, GetFunctionConfiguration, ListFunctions. */
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

function encodeMarker(after: string): string {
  return Buffer.from(`after:${after}`, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith('after:') || encodeMarker(text.slice(6)) !== marker) {
    throw invalidParameter(`Invalid Marker: ${marker}`);
  }
  return text.slice(6);
}

export const listFunctions = validated(
  {
    MasterRegion: str({ pattern: anchored('ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}') }),
    FunctionVersion: str({ enum: ['ALL'] }),
    Marker: str(),
    MaxItems: num({ min: 1, max: 10000 }),
  },
  (input: { Marker?: string; MaxItems?: number }, ctx: Ctx) => {
    const after = input.Marker === undefined ? undefined : decodeMarker(input.Marker);
    const remaining = Object.values(ctx.state.functions)
      .filter((fn) => after === undefined || fn.FunctionName > after)
      .sort((a, b) => (a.FunctionName < b.FunctionName ? -1 : 1));
    const size = input.MaxItems ?? DEFAULT_PAGE;
    const page = remaining.slice(0, size);
    const last = page.at(-1);
    return {
      Functions: page.map(configuration),
      ...(remaining.length > size && last !== undefined
        ? { NextMarker: encodeMarker(last.FunctionName) }
        : {}),
    };
  },
);
