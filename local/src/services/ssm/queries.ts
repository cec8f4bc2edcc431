import type {
  DescribeParametersRequest,
  DescribeParametersResult,
  GetParametersByPathRequest,
  GetParametersByPathResult,
} from '@aws-sdk/client-ssm';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, bool, list, num, required, str, struct, validated } from '../../cloud/validate.ts';
import { compileFilters } from './filters.ts';
import { checkPath } from './names.ts';
import { paginateCursor } from './paging.ts';
import { byName, folderKey, pathQuery } from './parameter-index.ts';
import { present } from './read-delete.ts';
import { folderOf, parameterArn, type SsmState, type StoredParameter, toMetadata } from './state.ts';

/** Page sizes: GetParametersByPath 1-10 (default 10); DescribeParameters 1-50 (default 10). */
const BY_PATH_DEFAULT = 10;
const DESCRIBE_DEFAULT = 10;

const STRING_FILTER = struct({
  Key: required(
    str({ min: 1, max: 132, pattern: anchored('tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType') }),
  ),
  Option: str({ min: 1, max: 10 }),
  Values: list(str({ min: 1, max: 1024 }), { min: 1, max: 50 }),
});

/**
 * GetParametersByPath. AWS documents it as best effort: a page may hold fewer than MaxResults, even
 * none, together with a NextToken. With `shortPages` (default) this is reproduced deterministically:
 * a page never crosses from one folder to another, and a recursive query whose path holds no
 * parameter directly begins with an empty page.
 */
export const getParametersByPath = validated(
  {
    Path: required(str({ min: 1, max: 2048 })),
    Recursive: bool(),
    ParameterFilters: list(STRING_FILTER),
    WithDecryption: bool(),
    MaxResults: num({ min: 1, max: 10 }),
    NextToken: str(),
  },
  (input: GetParametersByPathRequest, ctx: CallContext<SsmState>): GetParametersByPathResult => {
    const path = checkPath(input.Path ?? '');
    const recursive = input.Recursive === true;
    const matches = compileFilters('by-path', input.ParameterFilters);
    // The matching parameters in folder-key order, read from the index only as far as the page goes.
    const query = pathQuery(ctx.state.parameters, path, recursive, matches);
    const short = ctx.state.settings.shortPages;
    const page = paginateCursor({
      from: query.from,
      key: (parameter) => folderKey(parameter.Name),
      limit: input.MaxResults ?? BY_PATH_DEFAULT,
      token: input.NextToken,
      scope: ['by-path', path, recursive, input.ParameterFilters ?? []],
      ...(short ? { boundary: (parameter: StoredParameter) => folderOf(parameter.Name) } : {}),
      emptyFirstPage: () => short && recursive && query.any() && !query.anyDirect(),
    });
    return {
      Parameters: page.items.map((parameter) => present(parameter, ctx, input.WithDecryption)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);

/** DescribeParameters: metadata (never values) of the parameters matching the filters, by name. */
export const describeParameters = validated(
  {
    Filters: list(
      struct({
        Key: required(str({ enum: ['Name', 'Type', 'KeyId'] })),
        Values: required(list(str({ min: 1, max: 1024 }), { min: 1, max: 50 })),
      }),
    ),
    ParameterFilters: list(STRING_FILTER),
    MaxResults: num({ min: 1, max: 50 }),
    NextToken: str(),
    Shared: bool(),
  },
  (input: DescribeParametersRequest, ctx: CallContext<SsmState>): DescribeParametersResult => {
    const matches = compileFilters('describe', input.ParameterFilters, input.Filters);
    // Parameters shared with this account through RAM: none exist in the local cloud.
    const page = paginateCursor({
      from: (after) => (input.Shared === true ? [] : byName(ctx.state.parameters, matches, after)),
      key: (parameter) => parameter.Name,
      limit: input.MaxResults ?? DESCRIBE_DEFAULT,
      token: input.NextToken,
      scope: ['describe', input.ParameterFilters ?? [], input.Filters ?? [], input.Shared === true],
    });
    const { region, account } = ctx.caller;
    return {
      Parameters: page.items.map((parameter) =>
        toMetadata(parameter, parameterArn(region, account, parameter.Name)),
      ),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
);
