import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  type PolicyVersion,
  PutRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListPolicyVersions,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { parseArn } from '../../../common/src/arns.ts';
import { InvalidInputError, translateAwsError } from '../../../common/src/errors.ts';
import type { Log } from '../../../common/src/logger.ts';
import { ConcurrentPolicyChangeError, InvalidGrantRequestError } from '../errors.ts';
import { type ConsumerPolicies, INLINE_AGGREGATE_LIMIT } from '../policy/consumer-policy.ts';
import { PolicyCapacityError } from '../policy/errors.ts';
import { iamSize, serializePolicy } from '../policy/policy-document.ts';
import type {
  OwnedManagedPolicy,
  OwnedPolicyNames,
  RoleInfo,
  RolePolicies,
  RolePolicyStore,
} from '../ports.ts';
import { planRoleWrites, type RoleWriteStep } from './role-write-plan.ts';

export interface IamRolePolicyStoreOptions {
  readonly client: IAMClient;
  /** IAM path of streamgov's managed policies, e.g. `/streamgov/`. */
  readonly managedPolicyPath: string;
  readonly log: Log;
}

/** IAM keeps at most five versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5;
/** Attempts to make room for and create a policy version while other workflows do the same. */
const VERSION_ATTEMPTS = 4;
const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

function isAws(error: unknown, ...names: readonly string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The size IAM counts (white space outside strings not counted); the raw length when not JSON. */
function compactSize(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}

/**
 * Consumer roles in IAM ({@link RolePolicyStore}). Reads a role with its tags and path (GetRole), its
 * inline policies (ListRolePolicies + GetRolePolicy, URL-decoded) and attached managed policies
 * (ListAttachedRolePolicies; GetPolicy + GetPolicyVersion for streamgov's own), and writes streamgov's
 * inline policy and its overflow managed policies `<prefix>-<n>` under `managedPolicyPath`: CreatePolicy +
 * AttachRolePolicy for a new one, CreatePolicyVersion (SetAsDefault, pruning the oldest versions to stay
 * within five) for an existing one, DetachRolePolicy + DeletePolicyVersion + DeletePolicy for one no
 * longer needed. Every list is paginated. SDK errors become TransientAwsError (throttling, 5xx) or
 * AwsCallError; races with other workflows on the same role become ConcurrentPolicyChangeError.
 */
export class IamRolePolicyStore implements RolePolicyStore {
  private readonly client: IAMClient;
  private readonly managedPolicyPath: string;
  private readonly log: Log;

  /** @throws InvalidInputError for a path IAM would refuse. */
  constructor(options: IamRolePolicyStoreOptions) {
    if (!IAM_PATH.test(options.managedPolicyPath)) {
      throw new InvalidInputError(
        'managedPolicyPath',
        options.managedPolicyPath,
        'must be an IAM path such as /streamgov/',
      );
    }
    this.client = options.client;
    this.managedPolicyPath = options.managedPolicyPath;
    this.log = options.log;
  }

  async getRole(roleName: string): Promise<RoleInfo> {
    try {
      const { Role: role } = await this.client.send(new GetRoleCommand({ RoleName: roleName }));
      if (!role?.RoleName || !role.Arn) throw new Error(`GetRole ${roleName} returned no role`);
      const tags: Record<string, string> = {};
      for (const tag of role.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
      return { roleName: role.RoleName, arn: role.Arn, path: role.Path ?? '/', tags };
    } catch (error) {
      if (isAws(error, 'NoSuchEntityException')) {
        throw new InvalidGrantRequestError(
          `The principal role ${roleName} does not exist in this account: remove it from the subscription target's authorized principals or create it`,
          { cause: error, context: { roleName } },
        );
      }
      throw translateAwsError(error, `GetRole ${roleName}`, { roleName });
    }
  }

  async readPolicies(role: RoleInfo, names: OwnedPolicyNames): Promise<RolePolicies> {
    const inline: { name: string; document: string }[] = [];
    for (const name of await this.inlineNames(role.roleName)) {
      const document = await this.inlineDocument(role.roleName, name);
      if (document !== undefined) inline.push({ name, document });
    }
    const attached = await this.attachedPolicies(role.roleName);
    const ownName = new RegExp(`^${escapeRegExp(names.managedPolicyPrefix)}-[1-9][0-9]*$`);
    const owned: OwnedManagedPolicy[] = [];
    for (const policy of attached) {
      if (!ownName.test(policy.name) || policy.arn !== this.policyArn(role, policy.name)) continue;
      owned.push({ ...policy, document: await this.defaultDocument(policy.arn) });
    }
    return { inline, attached, owned };
  }

  async writePolicies(role: RoleInfo, current: RolePolicies, desired: ConsumerPolicies): Promise<string[]> {
    const inlineText = current.inline.find((p) => p.name === desired.inlinePolicyName)?.document;
    const steps = planRoleWrites(
      {
        inlineName: desired.inlinePolicyName,
        ...(inlineText === undefined ? {} : { inline: inlineText }),
        owned: current.owned,
      },
      desired,
    );
    const foreignInline = current.inline
      .filter((p) => p.name !== desired.inlinePolicyName)
      .reduce((sum, p) => sum + compactSize(p.document), 0);
    const written: string[] = [];
    for (const step of steps) {
      written.push(await this.run(role, step, foreignInline));
    }
    if (written.length > 0) {
      this.log.info('Role policies written', { roleName: role.roleName, policies: written });
    }
    return written;
  }

  private async run(role: RoleInfo, step: RoleWriteStep, foreignInline: number): Promise<string> {
    const roleName = role.roleName;
    switch (step.kind) {
      case 'put-inline': {
        const document = serializePolicy(step.document);
        try {
          await this.client.send(
            new PutRolePolicyCommand({ RoleName: roleName, PolicyName: step.name, PolicyDocument: document }),
          );
        } catch (error) {
          if (isAws(error, 'LimitExceededException')) {
            throw new PolicyCapacityError(
              `Role ${roleName}`,
              iamSize(step.document) + foreignInline,
              INLINE_AGGREGATE_LIMIT,
              "IAM refused streamgov's inline policy (aggregate inline size): the role's other inline policies " +
                'grew since they were read; shrink them or raise the safety margin.',
            );
          }
          throw translateAwsError(error, `PutRolePolicy ${roleName}/${step.name}`, { roleName });
        }
        return step.name;
      }
      case 'delete-inline':
        try {
          await this.client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: step.name }));
        } catch (error) {
          if (!isAws(error, 'NoSuchEntityException')) {
            throw translateAwsError(error, `DeleteRolePolicy ${roleName}/${step.name}`, { roleName });
          }
        }
        return step.name;
      case 'put-managed':
        return this.putManaged(role, step.name, serializePolicy(step.document), step.attached);
      case 'remove-managed':
        await this.removeManaged(role, step.arn);
        return step.arn;
    }
  }

  /** `arn:<p>:iam::<account>:policy<path><name>` in the role's account. */
  private policyArn(role: RoleInfo, name: string): string {
    const arn = parseArn(role.arn, 'role.arn');
    return `arn:${arn.partition}:iam::${arn.account}:policy${this.managedPolicyPath}${name}`;
  }

  private async putManaged(
    role: RoleInfo,
    name: string,
    document: string,
    attached: boolean,
  ): Promise<string> {
    const arn = this.policyArn(role, name);
    if (attached) {
      await this.newDefaultVersion(arn, document);
      return arn;
    }
    try {
      await this.client.send(
        new CreatePolicyCommand({
          PolicyName: name,
          Path: this.managedPolicyPath,
          PolicyDocument: document,
          Description: `streamgov: Kafka and schema read access of role ${role.roleName} (overflow of its inline policy)`,
        }),
      );
    } catch (error) {
      // Created by another workflow for this role, or left over from an interrupted removal.
      if (!isAws(error, 'EntityAlreadyExistsException'))
        throw translateAwsError(error, `CreatePolicy ${name}`, { policyArn: arn });
      await this.newDefaultVersion(arn, document);
    }
    try {
      await this.client.send(new AttachRolePolicyCommand({ RoleName: role.roleName, PolicyArn: arn }));
    } catch (error) {
      if (isAws(error, 'NoSuchEntityException', 'LimitExceededException')) {
        throw new ConcurrentPolicyChangeError(
          `Attaching ${arn} to role ${role.roleName} failed (${(error as Error).name}): the role's managed policies changed meanwhile`,
          { cause: error, context: { roleName: role.roleName, policyArn: arn } },
        );
      }
      throw translateAwsError(error, `AttachRolePolicy ${role.roleName} ${arn}`, { policyArn: arn });
    }
    return arn;
  }

  /** Creates a default version, deleting the oldest non-default versions first when five exist. */
  private async newDefaultVersion(arn: string, document: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const versions = await this.versions(arn);
      const old = versions
        .filter((v) => v.IsDefaultVersion !== true)
        .sort((a, b) => versionNumber(a) - versionNumber(b));
      for (const version of old.slice(0, Math.max(0, versions.length - (MAX_POLICY_VERSIONS - 1)))) {
        await this.deleteVersion(arn, version.VersionId ?? '');
      }
      try {
        await this.client.send(
          new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true }),
        );
        return;
      } catch (error) {
        const full = isAws(error, 'LimitExceededException') && /versions/i.test((error as Error).message);
        if (full && attempt < VERSION_ATTEMPTS) continue; // another workflow added a version meanwhile
        if (full || isAws(error, 'NoSuchEntityException')) {
          throw new ConcurrentPolicyChangeError(
            `Creating a version of ${arn} failed (${(error as Error).name}): changed meanwhile`,
            {
              cause: error,
              context: { policyArn: arn },
            },
          );
        }
        throw translateAwsError(error, `CreatePolicyVersion ${arn}`, { policyArn: arn });
      }
    }
  }

  /** Detaches and deletes a streamgov managed policy (its versions first), tolerating concurrent removal. */
  private async removeManaged(role: RoleInfo, arn: string): Promise<void> {
    try {
      await this.client.send(new DetachRolePolicyCommand({ RoleName: role.roleName, PolicyArn: arn }));
    } catch (error) {
      if (!isAws(error, 'NoSuchEntityException'))
        throw translateAwsError(error, `DetachRolePolicy ${arn}`, { policyArn: arn });
    }
    try {
      for (const version of await this.versions(arn)) {
        if (version.IsDefaultVersion !== true) await this.deleteVersion(arn, version.VersionId ?? '');
      }
      await this.client.send(new DeletePolicyCommand({ PolicyArn: arn }));
    } catch (error) {
      const cause = error instanceof ConcurrentPolicyChangeError ? error.cause : error;
      if (isAws(cause, 'NoSuchEntityException')) return; // removed by another workflow
      if (isAws(cause, 'DeleteConflictException')) {
        // Attached again (or given a version) by a workflow that needs it: it stays, as that one wants.
        this.log.info('Managed policy kept: in use again', { roleName: role.roleName, policyArn: arn });
        return;
      }
      throw translateAwsError(error, `DeletePolicy ${arn}`, { policyArn: arn });
    }
  }

  private async deleteVersion(arn: string, versionId: string): Promise<void> {
    try {
      await this.client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
    } catch (error) {
      // Gone already, or made the default by another workflow: either way not ours to delete now.
      if (isAws(error, 'NoSuchEntityException', 'DeleteConflictException')) return;
      throw translateAwsError(error, `DeletePolicyVersion ${arn} ${versionId}`, { policyArn: arn });
    }
  }

  private async versions(arn: string): Promise<PolicyVersion[]> {
    return this.call(
      `ListPolicyVersions ${arn}`,
      async () => {
        const out: PolicyVersion[] = [];
        for await (const page of paginateListPolicyVersions({ client: this.client }, { PolicyArn: arn })) {
          out.push(...(page.Versions ?? []));
        }
        return out;
      },
      { concurrentOn: 'NoSuchEntityException', what: arn },
    );
  }

  private async inlineNames(roleName: string): Promise<string[]> {
    return this.call(`ListRolePolicies ${roleName}`, async () => {
      const names: string[] = [];
      for await (const page of paginateListRolePolicies({ client: this.client }, { RoleName: roleName })) {
        names.push(...(page.PolicyNames ?? []));
      }
      return names;
    });
  }

  /** The decoded document, or undefined when the policy was deleted since it was listed. */
  private async inlineDocument(roleName: string, name: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      return decodeURIComponent(out.PolicyDocument ?? '');
    } catch (error) {
      if (isAws(error, 'NoSuchEntityException')) return undefined;
      throw translateAwsError(error, `GetRolePolicy ${roleName}/${name}`, { roleName });
    }
  }

  private async attachedPolicies(roleName: string): Promise<{ name: string; arn: string }[]> {
    return this.call(`ListAttachedRolePolicies ${roleName}`, async () => {
      const out: { name: string; arn: string }[] = [];
      for await (const page of paginateListAttachedRolePolicies(
        { client: this.client },
        { RoleName: roleName },
      )) {
        for (const policy of page.AttachedPolicies ?? []) {
          if (policy.PolicyName && policy.PolicyArn)
            out.push({ name: policy.PolicyName, arn: policy.PolicyArn });
        }
      }
      return out;
    });
  }

  private async defaultDocument(arn: string): Promise<string> {
    return this.call(
      `GetPolicyVersion ${arn}`,
      async () => {
        const { Policy: policy } = await this.client.send(new GetPolicyCommand({ PolicyArn: arn }));
        const versionId = policy?.DefaultVersionId ?? 'v1';
        const { PolicyVersion: version } = await this.client.send(
          new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }),
        );
        return decodeURIComponent(version?.Document ?? '');
      },
      { concurrentOn: 'NoSuchEntityException', what: arn },
    );
  }

  /** Runs SDK calls, translating errors; `concurrentOn` names an error that means "changed meanwhile". */
  private async call<T>(
    action: string,
    fn: () => Promise<T>,
    race?: { concurrentOn: string; what: string },
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (race && isAws(error, race.concurrentOn)) {
        throw new ConcurrentPolicyChangeError(
          `${action} failed (${race.concurrentOn}): ${race.what} changed meanwhile`,
          {
            cause: error,
          },
        );
      }
      throw translateAwsError(error, action);
    }
  }
}

function versionNumber(version: PolicyVersion): number {
  return Number.parseInt((version.VersionId ?? 'v0').slice(1), 10);
}
