/** The internal RegisterFunction operation and `registerLocalFunction`, which binds a handler too. */
import { createHash } from 'node:crypto';
import type { CallContext, CloudRuntime } from '../../cloud/types.ts';
import { anchored, map, num, required, str, struct, validated } from '../../cloud/validate.ts';
import { invalidParameter } from './errors.ts';
import { handlers, isolatedFunctions, type LocalHandler } from './handlers.ts';
import { type FunctionRecord, functionArn, type LambdaState, lambdaTimestamp } from './state.ts';
import { configuration } from './views.ts';

/** What the local deployment knows of a synthesized function. */
export interface LocalFunctionDefinition {
  readonly FunctionName: string;
  readonly Handler?: string;
  readonly Runtime?: string;
  readonly Role?: string;
  readonly Description?: string;
  readonly Environment?: { readonly Variables?: Readonly<Record<string, string>> };
  /** Seconds. @default 3 (Lambda's default) */
  readonly Timeout?: number;
  /** MB. @default 128 (Lambda's default) */
  readonly MemorySize?: number;
}

/** Variables the Lambda runtime sets itself; a function may not define them (as in CreateFunction). */
const RESERVED_VARIABLES = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];
const MAX_ENVIRONMENT_BYTES = 4096;

function checkEnvironment(variables: Readonly<Record<string, string>>): void {
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.includes(key));
  if (reserved.length > 0) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided contains reserved keys that are currently not supported for modification. Reserved keys used ' +
        `in this request: ${reserved.join(', ')}`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(variables), 'utf8') > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided exceeded the 4KB limit.',
    );
  }
}

/** Stores (or replaces) a function's metadata; the handler is bound separately (see registerLocalFunction). */
export const registerFunction = validated(
  {
    FunctionName: required(str({ min: 1, max: 64, pattern: anchored('[a-zA-Z0-9-_]+') })),
    Handler: str({ max: 128, pattern: anchored('[^\\s]+') }),
    Runtime: str({ max: 64 }),
    Role: str({ pattern: anchored('arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+') }),
    Description: str({ max: 256 }),
    Environment: struct({
      Variables: map({ key: str({ pattern: anchored('[a-zA-Z]([a-zA-Z0-9_])+') }), value: str() }),
    }),
    Timeout: num({ min: 1, max: 900 }),
    MemorySize: num({ min: 128, max: 10240 }),
  },
  (input: LocalFunctionDefinition, ctx: CallContext<LambdaState>) => {
    const variables = input.Environment?.Variables;
    if (variables) checkEnvironment(variables);
    const digest = createHash('sha256').update(JSON.stringify(input)).digest();
    const record: FunctionRecord = {
      FunctionName: input.FunctionName,
      FunctionArn: functionArn(ctx.caller.account, ctx.caller.region, input.FunctionName),
      Runtime: input.Runtime ?? 'nodejs20.x',
      Handler: input.Handler ?? 'index.handler',
      ...(input.Role !== undefined ? { Role: input.Role } : {}),
      Description: input.Description ?? '',
      Timeout: input.Timeout ?? 3,
      MemorySize: input.MemorySize ?? 128,
      ...(variables ? { Environment: { Variables: { ...variables } } } : {}),
      LastModified: lambdaTimestamp(ctx.cloud.now()),
      CodeSha256: digest.toString('base64'),
      CodeSize: Buffer.byteLength(JSON.stringify(input), 'utf8'),
      RevisionId: ctx.cloud.newId(),
    };
    ctx.state.functions[input.FunctionName] = record;
    return configuration(record);
  },
);

/** Options of {@link registerLocalFunction}. */
export interface LocalFunctionOptions {
  /**
   * The handler runs in an environment of its own (a worker thread with the function's variables and
   * credentials): invocations then do not apply the function's environment to `process.env`.
   * @default false
   */
  readonly isolated?: boolean;
}

/**
 * Registers a function in (account, region) and binds its in-process handler: what the local deployment
 * does for each synthesized function.
 * @returns the function's configuration (GetFunctionConfiguration's answer)
 */
export async function registerLocalFunction(
  cloud: CloudRuntime,
  account: string,
  region: string,
  definition: LocalFunctionDefinition,
  handler: LocalHandler,
  options: LocalFunctionOptions = {},
): Promise<ReturnType<typeof configuration>> {
  const result = await cloud.call<ReturnType<typeof configuration>>(
    'lambda',
    'RegisterFunction',
    definition,
    cloud.rootCaller(account, region),
  );
  const arn = functionArn(account, region, definition.FunctionName);
  handlers(cloud).set(arn, handler);
  if (options.isolated) isolatedFunctions(cloud).add(arn);
  else isolatedFunctions(cloud).delete(arn);
  return result;
}
