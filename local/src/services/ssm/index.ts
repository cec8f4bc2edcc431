import type { ServiceDefinition } from '../../cloud/types.ts';
import { bool, required, validated } from '../../cloud/validate.ts';
import { validationException } from './errors.ts';
import { putParameter } from './put-parameter.ts';
import { describeParameters, getParametersByPath } from './queries.ts';
import { deleteParameter, deleteParameters, getParameter, getParameters } from './read-delete.ts';
import { initialSsmState, type SsmState } from './state.ts';

export type { SsmState } from './state.ts';

/**
 * SSM Parameter Store (awsJson1_1, signing name `ssm`), one state per account and Region.
 * The in-process operation `ConfigureParameterPaging` ({ ShortPages: boolean }) switches the
 * best-effort short pages of GetParametersByPath on (default) or off.
 */
export const ssmService: ServiceDefinition<SsmState> = {
  signingName: 'ssm',
  initialState: initialSsmState,
  validationError: validationException,
  operations: {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: getParametersByPath,
    DeleteParameter: deleteParameter,
    DeleteParameters: deleteParameters,
    DescribeParameters: describeParameters,
  },
  internal: {
    ConfigureParameterPaging: validated(
      { ShortPages: required(bool()) },
      (input: { ShortPages: boolean }, ctx: { state: SsmState }) => {
        ctx.state.settings.shortPages = input.ShortPages;
        return {};
      },
    ),
  },
};
