/**
 * AWS Lambda (signing name `lambda`, restJson1): functions registered in-process by the local deployment,
 * each bound to its TypeScript handler, and invoked synchronously or asynchronously like the Node.js
 * managed runtime.
 */
import { AwsError } from '../../cloud/errors.ts';
import type { ServiceDefinition } from '../../cloud/types.ts';
import { getFunction, getFunctionConfiguration, listFunctions } from './functions.ts';
import { invoke } from './invoke.ts';
import { registerFunction } from './register.ts';
import { initialLambdaState, type LambdaState } from './state.ts';

export {
  type FunctionUrlAuthType,
  type FunctionUrlBinding,
  functionUrl,
  registerFunctionUrl,
  serveFunctionUrl,
} from './function-urls.ts';
export type { LocalHandler, LocalLambdaContext } from './handlers.ts';
export {
  type LocalFunctionDefinition,
  type LocalFunctionOptions,
  registerLocalFunction,
} from './register.ts';
export type { AsyncFailure, LambdaState } from './state.ts';

export const lambdaService: ServiceDefinition<LambdaState> = {
  signingName: 'lambda',
  initialState: initialLambdaState,
  validationError: (message) => new AwsError('InvalidParameterValueException', message, { Type: 'User' }),
  operations: {
    Invoke: invoke,
    GetFunction: getFunction,
    GetFunctionConfiguration: getFunctionConfiguration,
    ListFunctions: listFunctions,
  },
  internal: {
    RegisterFunction: registerFunction,
  },
};
