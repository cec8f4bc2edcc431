import type {
  ParameterTier,
  ParameterType,
  PutParameterRequest,
  PutParameterResult,
} from '@aws-sdk/client-ssm';
import type { CallContext } from '../../cloud/types.ts';
import { anchored, bool, list, required, str, struct, validated } from '../../cloud/validate.ts';
import { parameterAlreadyExists, ssmError, validationException } from './errors.ts';
import { checkParameterName } from './names.ts';
import { parameterWritten, standardCount } from './parameter-index.ts';
import { DEFAULT_KEY_ID } from './secure-string.ts';
import { parameterArn, type SsmState, type StoredParameter } from './state.ts';

/** Value limits per tier (PutParameter `Value` documentation: 4 KB standard, 8 KB advanced). */
const STANDARD_MAX_BYTES = 4096;
const ADVANCED_MAX_BYTES = 8192;
/** Standard parameters per account and Region (PutParameter `Tier` documentation). */
const STANDARD_PARAMETER_LIMIT = 10_000;
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
const TAG_TEXT = anchored('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');

const rules = {
  Name: required(str({ min: 1, max: 2048 })),
  Description: str({ max: 1024 }),
  Value: required(str()),
  Type: str({ enum: ['String', 'StringList', 'SecureString'] }),
  KeyId: str({ min: 1, max: 256, pattern: anchored('[a-zA-Z0-9:/_-]+') }),
  Overwrite: bool(),
  AllowedPattern: str({ max: 1024 }),
  Tags: list(
    struct({
      Key: required(str({ min: 1, max: 128, pattern: TAG_TEXT })),
      Value: required(str({ max: 256, pattern: TAG_TEXT })),
    }),
    { max: 1000 },
  ),
  Tier: str({ enum: ['Standard', 'Advanced', 'Intelligent-Tiering'] }),
  Policies: str({ min: 1, max: 4096 }),
  DataType: str({ max: 128 }),
};

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** The tier a write lands in: explicit, else kept from the existing parameter, else Standard. */
function resolveTier(input: PutParameterRequest, existing: StoredParameter | undefined): ParameterTier {
  const needsAdvanced = byteLength(input.Value ?? '') > STANDARD_MAX_BYTES || input.Policies !== undefined;
  const requested =
    input.Tier === 'Intelligent-Tiering' ? (needsAdvanced ? 'Advanced' : 'Standard') : input.Tier;
  if (existing?.Tier === 'Advanced') {
    if (requested === 'Standard' && input.Tier === 'Standard') {
      throw validationException(
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the " +
          'advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced ' +
          'parameter and recreate it as a standard parameter.',
      );
    }
    return 'Advanced';
  }
  return requested ?? 'Standard';
}

function checkValue(value: string, tier: ParameterTier, policies: string | undefined): void {
  if (value.length === 0) {
    throw validationException(
      "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.",
    );
  }
  if (tier === 'Standard' && byteLength(value) > STANDARD_MAX_BYTES) {
    throw validationException(
      `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX_BYTES} characters. To create a ` +
        'larger parameter value, upgrade the parameter to use the advanced-parameter tier.',
    );
  }
  if (byteLength(value) > ADVANCED_MAX_BYTES) {
    throw validationException(
      `Advanced tier parameters support a maximum parameter value of ${ADVANCED_MAX_BYTES} characters.`,
    );
  }
  if (/\{\{.*\}\}/su.test(value)) {
    throw validationException('Parameter value can not contain {{ }} or {{ssm:parameter-name}}.');
  }
  if (policies !== undefined) {
    if (tier === 'Standard')
      throw validationException('Standard tier parameters do not support parameter policies.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(policies);
    } catch {
      throw ssmError('InvalidPolicyTypeException', 'Parameter policies must be a JSON array.');
    }
    if (!Array.isArray(parsed))
      throw ssmError('InvalidPolicyTypeException', 'Parameter policies must be a JSON array.');
  }
}

function checkAllowedPattern(pattern: string | undefined, value: string): void {
  if (pattern === undefined || pattern === '') return;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    throw ssmError('InvalidAllowedPatternException', `The allowed pattern ${pattern} is not valid.`);
  }
  if (!regex.test(value)) {
    throw ssmError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
}

function put(input: PutParameterRequest, ctx: CallContext<SsmState>): PutParameterResult {
  const { account, region } = ctx.caller;
  const name = checkParameterName(input.Name ?? '', parameterArn(region, account, '/').length - 1);
  const value = input.Value ?? '';
  if (input.Overwrite === true && input.Tags && input.Tags.length > 0) {
    throw validationException(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove " +
        'overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
    );
  }
  const existing = ctx.state.parameters[name];
  if (existing && input.Overwrite !== true) throw parameterAlreadyExists();
  const type: ParameterType | undefined = input.Type ?? existing?.Type;
  if (!type) throw validationException('A parameter type is required when you create a parameter.');
  const dataType = input.DataType ?? existing?.DataType ?? 'text';
  if (!DATA_TYPES.includes(dataType)) {
    throw validationException(
      `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
    );
  }
  const tier = resolveTier(input, existing);
  const policies = input.Policies ?? existing?.Policies;
  checkValue(value, tier, input.Policies);
  const allowedPattern = input.AllowedPattern ?? existing?.AllowedPattern;
  checkAllowedPattern(allowedPattern, value);
  let effectiveTier = tier;
  if (!existing && tier === 'Standard') {
    const standard = standardCount(ctx.state.parameters);
    // Intelligent-Tiering creates an advanced parameter once the standard quota is used up.
    if (standard >= STANDARD_PARAMETER_LIMIT && input.Tier === 'Intelligent-Tiering')
      effectiveTier = 'Advanced';
    else if (standard >= STANDARD_PARAMETER_LIMIT) {
      throw ssmError(
        'ParameterLimitExceeded',
        'You have exceeded the number of parameters for this AWS account. Delete unnecessary parameters and try again.',
      );
    }
  }
  const keyId =
    type === 'SecureString'
      ? (input.KeyId ?? (existing?.Type === 'SecureString' ? existing.KeyId : undefined) ?? DEFAULT_KEY_ID)
      : undefined;
  const description = input.Description ?? existing?.Description;
  const stored: StoredParameter = {
    Name: name,
    Type: type,
    Value: value,
    Version: (existing?.Version ?? 0) + 1,
    LastModifiedDate: ctx.cloud.now().toISOString(),
    LastModifiedUser: ctx.caller.principalArn,
    Tier: effectiveTier,
    DataType: dataType,
    ...(keyId ? { KeyId: keyId } : {}),
    ...(description !== undefined ? { Description: description } : {}),
    ...(allowedPattern !== undefined ? { AllowedPattern: allowedPattern } : {}),
    ...(policies !== undefined ? { Policies: policies } : {}),
    Tags: existing?.Tags ?? (input.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
  };
  ctx.state.parameters[name] = stored;
  parameterWritten(ctx.state.parameters, existing, stored);
  return { Version: stored.Version, Tier: stored.Tier };
}

/** PutParameter: create, or replace with `Overwrite`; every write makes a new version. */
export const putParameter = validated(rules, put);
