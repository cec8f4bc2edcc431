import type { Parameter, ParameterMetadata, ParameterTier, ParameterType, Tag } from '@aws-sdk/client-ssm';

/** One parameter as Parameter Store keeps it (its current version only). Plain JSON data. */
export interface StoredParameter {
  Name: string;
  Type: ParameterType;
  Value: string;
  Version: number;
  /** ISO-8601. */
  LastModifiedDate: string;
  LastModifiedUser: string;
  Tier: ParameterTier;
  DataType: string;
  KeyId?: string;
  Description?: string;
  AllowedPattern?: string;
  /** The JSON array of parameter policies as given to PutParameter. */
  Policies?: string;
  Tags: Tag[];
}

/** Parameter Store of one account and Region. */
export interface SsmState {
  parameters: Record<string, StoredParameter>;
  settings: {
    /**
     * GetParametersByPath is "best effort" in AWS: pages may be short, even empty, with a NextToken.
     * When true (the default) every page stops at a hierarchy boundary, and a recursive query whose
     * path holds no parameter directly starts with an empty page; when false pages are filled up to
     * MaxResults.
     */
    shortPages: boolean;
  };
}

export function initialSsmState(): SsmState {
  return { parameters: {}, settings: { shortPages: true } };
}

/** The ARN of a parameter: names without a leading slash get one in the ARN. */
export function parameterArn(region: string, account: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** The folder a parameter lives in: `/a/b/c` is in `/a/b`, `/c` and `c` are in `/`. */
export function folderOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash <= 0 ? '/' : name.slice(0, slash);
}

/** The SDK `Parameter` shape of a stored parameter, with `Value` as the caller may see it. */
export function toParameter(stored: StoredParameter, arn: string, value: string): Parameter {
  return {
    Name: stored.Name,
    Type: stored.Type,
    Value: value,
    Version: stored.Version,
    LastModifiedDate: new Date(stored.LastModifiedDate),
    ARN: arn,
    DataType: stored.DataType,
  };
}

/** The SDK `ParameterMetadata` shape (DescribeParameters) of a stored parameter. */
export function toMetadata(stored: StoredParameter, arn: string): ParameterMetadata {
  return {
    Name: stored.Name,
    ARN: arn,
    Type: stored.Type,
    ...(stored.KeyId ? { KeyId: stored.KeyId } : {}),
    LastModifiedDate: new Date(stored.LastModifiedDate),
    LastModifiedUser: stored.LastModifiedUser,
    ...(stored.Description !== undefined ? { Description: stored.Description } : {}),
    ...(stored.AllowedPattern !== undefined ? { AllowedPattern: stored.AllowedPattern } : {}),
    Version: stored.Version,
    Tier: stored.Tier,
    Policies: policiesOf(stored),
    DataType: stored.DataType,
  };
}

function policiesOf(stored: StoredParameter): ParameterMetadata['Policies'] {
  if (!stored.Policies) return [];
  const parsed = JSON.parse(stored.Policies) as { Type?: string }[];
  return parsed.map((policy) => ({
    PolicyText: JSON.stringify(policy),
    PolicyType: policy.Type ?? '',
    PolicyStatus: 'Pending',
  }));
}
