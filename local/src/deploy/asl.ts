/**
 * Turns the synthesized `DefinitionString` of an `AWS::StepFunctions::StateMachine` into the ASL that
 * CloudFormation would hand to Step Functions: `Fn::Join`, `Fn::Sub`, `Ref` and `Fn::GetAtt` resolved
 * against the local deployment's names, then parsed. Pure.
 */

import { LocalDeployError } from './errors.ts';

/** A CloudFormation template as `cdk synth` writes it (the parts the local deployment reads). */
export interface SynthesizedTemplate {
  readonly Resources?: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }>
  >;
}

/** What `Ref` and `Fn::GetAtt` resolve to in the local deployment. */
export interface ResolveContext {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** `Ref` of a logical id (parameters and resources), e.g. a function's name. */
  readonly refs?: Readonly<Record<string, string>>;
  /** `Fn::GetAtt` of `<logicalId>.<attribute>`, e.g. `SyncFunction1234.Arn`. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** `Fn::ImportValue` of an export name: the outputs other stacks export. */
  readonly imports?: Readonly<Record<string, string>>;
}

/** A state machine of a template with its resolved definition. */
export interface ResolvedStateMachine {
  readonly logicalId: string;
  readonly definition: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pseudo(name: string, context: ResolveContext): string | undefined {
  const partition = context.partition ?? 'aws';
  const values: Record<string, string> = {
    'AWS::AccountId': context.account,
    'AWS::Region': context.region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::StackName': 'local',
  };
  return values[name];
}

function ref(name: string, context: ResolveContext, where: string): string {
  const value = pseudo(name, context) ?? context.refs?.[name];
  if (value === undefined) throw new LocalDeployError(`${where}: cannot resolve Ref ${JSON.stringify(name)}`);
  return value;
}

function getAtt(target: string, context: ResolveContext, where: string): string {
  const value = context.attributes?.[target];
  if (value === undefined) {
    throw new LocalDeployError(`${where}: cannot resolve Fn::GetAtt ${JSON.stringify(target)}`);
  }
  return value;
}

function sub(template: string, variables: Json, context: ResolveContext, where: string): string {
  return template.replace(/\$\{(!?)([^}]+)\}/gu, (whole, literal: string, name: string) => {
    if (literal) return whole.replace('${!', '${');
    if (name in variables) return String(resolveIntrinsics(variables[name], context, where));
    if (name.includes('.') && !name.startsWith('AWS::')) return getAtt(name, context, where);
    return ref(name, context, where);
  });
}

function importValue(name: unknown, context: ResolveContext, where: string): string {
  const value = typeof name === 'string' ? context.imports?.[name] : undefined;
  if (value === undefined) {
    throw new LocalDeployError(
      `${where}: cannot resolve Fn::ImportValue ${JSON.stringify(name)} (no deployed stack exports it)`,
    );
  }
  return value;
}

function select(arg: unknown, context: ResolveContext, where: string): unknown {
  if (!Array.isArray(arg) || arg.length !== 2)
    throw new LocalDeployError(`${where}: Fn::Select needs [index, list]`);
  const index = Number(resolveIntrinsics(arg[0], context, where));
  const list = resolveIntrinsics(arg[1], context, where);
  if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new LocalDeployError(`${where}: Fn::Select index ${JSON.stringify(arg[0])} is outside the list`);
  }
  return list[index];
}

function split(arg: unknown, context: ResolveContext, where: string): string[] {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') {
    throw new LocalDeployError(`${where}: Fn::Split needs [delimiter, string]`);
  }
  return String(resolveIntrinsics(arg[1], context, where)).split(arg[0]);
}

/**
 * Resolves the intrinsic functions in a template value: `Ref`, `Fn::GetAtt` (array or `a.b` form),
 * `Fn::Join`, `Fn::Sub` (string or `[string, variables]`), `Fn::Select`, `Fn::Split` and
 * `Fn::ImportValue` (from `context.imports`); other values are returned with their members resolved.
 * @param where names the value in error messages (e.g. the logical id)
 * @throws LocalDeployError naming `where` and the reference or function it cannot resolve.
 */
export function resolveIntrinsics(value: unknown, context: ResolveContext, where = 'template'): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, context, where));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = value[key];
    switch (key) {
      case 'Ref':
        return ref(String(arg), context, where);
      case 'Fn::GetAtt': {
        const target = Array.isArray(arg) ? arg.map(String).join('.') : String(arg);
        return getAtt(target, context, where);
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2 || !Array.isArray(arg[1])) {
          throw new LocalDeployError(`${where}: Fn::Join needs [delimiter, [values]]`);
        }
        const parts = arg[1].map((v: unknown) => resolveIntrinsics(v, context, where));
        return parts.map(String).join(String(arg[0]));
      }
      case 'Fn::Sub': {
        const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
        if (typeof template !== 'string' || !isRecord(variables)) {
          throw new LocalDeployError(`${where}: Fn::Sub needs a string or [string, {variables}]`);
        }
        return sub(template, variables, context, where);
      }
      case 'Fn::Select':
        return select(arg, context, where);
      case 'Fn::Split':
        return split(arg, context, where);
      case 'Fn::ImportValue':
        return importValue(resolveIntrinsics(arg, context, where), context, where);
      default:
        if (key.startsWith('Fn::')) {
          throw new LocalDeployError(`${where}: the intrinsic function ${key} is not supported locally`);
        }
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, context, where)]));
}

/**
 * The ASL of a synthesized `DefinitionString` (a string, or an `Fn::Join`/`Fn::Sub` of strings and
 * references), resolved and parsed.
 * @throws LocalDeployError when a reference cannot be resolved or the result is not a JSON object.
 */
export function resolveDefinition(
  definitionString: unknown,
  context: ResolveContext,
  where = 'DefinitionString',
): Record<string, unknown> {
  const text = resolveIntrinsics(definitionString, context, where);
  if (typeof text !== 'string') throw new LocalDeployError(`${where}: does not resolve to a string`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LocalDeployError(`${where}: is not JSON once resolved`, { cause: error });
  }
  if (!isRecord(parsed)) throw new LocalDeployError(`${where}: is not a JSON object once resolved`);
  return parsed;
}

/**
 * Every `AWS::StepFunctions::StateMachine` of a template with its resolved definition (from
 * `DefinitionString`, or an inline `Definition` object), in logical-id order.
 * @throws LocalDeployError as {@link resolveDefinition}, or for a state machine with neither property
 *   (`DefinitionS3Location` needs the asset and is not read).
 */
export function stateMachineDefinitions(
  template: SynthesizedTemplate,
  context: ResolveContext,
): ResolvedStateMachine[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      if (properties.DefinitionString !== undefined) {
        return {
          logicalId,
          definition: resolveDefinition(
            properties.DefinitionString,
            context,
            `${logicalId}.DefinitionString`,
          ),
        };
      }
      const inline = resolveIntrinsics(properties.Definition, context, `${logicalId}.Definition`);
      if (!isRecord(inline)) {
        throw new LocalDeployError(`${logicalId}: has neither DefinitionString nor Definition`);
      }
      return { logicalId, definition: inline };
    });
}

/**
 * The names the local deployment gives a template's Lambda functions: the `FunctionName` property when
 * set, else the logical id (a valid function name of at most 64 characters, as CDK writes them), with
 * `Ref` (the name) and `Fn::GetAtt …Arn` to match.
 */
export function localFunctionNames(
  template: SynthesizedTemplate,
  context: ResolveContext,
): {
  readonly functions: Record<string, string>;
  readonly refs: Record<string, string>;
  readonly attributes: Record<string, string>;
} {
  const functions: Record<string, string> = {};
  const refs: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const partition = context.partition ?? 'aws';
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const given = resource.Properties?.FunctionName;
    const name = typeof given === 'string' ? given : logicalId.slice(0, 64);
    functions[logicalId] = name;
    refs[logicalId] = name;
    attributes[`${logicalId}.Arn`] =
      `arn:${partition}:lambda:${context.region}:${context.account}:function:${name}`;
  }
  return { functions, refs, attributes };
}
