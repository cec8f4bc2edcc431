/** In-memory fakes of the grant workflow's ports, with call counts, failure injection and hooks. */
import { planRoleWrites } from '../../../grant-workflow/src/adapters/role-write-plan.ts';
import { InvalidGrantRequestError, VersionConflictError } from '../../../grant-workflow/src/errors.ts';
import { parseTopicGrant, type TopicGrant } from '../../../grant-workflow/src/grants.ts';
import type { ConsumerPolicies } from '../../../grant-workflow/src/policy/consumer-policy.ts';
import { type PolicyDocument, serializePolicy } from '../../../grant-workflow/src/policy/policy-document.ts';
import type {
  ClusterPolicy,
  ClusterPolicyStore,
  GrantLedger,
  LedgerRecord,
  LedgerTargetKind,
  OwnedPolicyNames,
  RoleInfo,
  RolePolicies,
  RolePolicyStore,
} from '../../../grant-workflow/src/ports.ts';
import { Faults } from './faults.ts';

export type GrantLedgerMethod = 'put' | 'delete' | 'list' | 'advance' | 'counter';

/** The ledger in a map; `afterList` runs after each listing (to interleave "another workflow"). */
export class InMemoryGrantLedger implements GrantLedger {
  readonly records = new Map<string, string>();
  readonly faults = new Faults<GrantLedgerMethod>();
  afterList?: (kind: LedgerTargetKind, key: string) => Promise<void> | void;
  writes = 0;

  private name(kind: LedgerTargetKind, key: string, grantId: string, assetId: string): string {
    return `${kind}/${key}/${grantId}.${assetId}`;
  }

  async put(kind: LedgerTargetKind, key: string, grant: TopicGrant): Promise<void> {
    this.faults.check('put', [kind, key, grant]);
    const checked = parseTopicGrant(grant);
    const name = this.name(kind, key, checked.grantId, checked.assetId);
    const text = JSON.stringify(checked);
    if (this.records.get(name) === text) return;
    this.records.set(name, text);
    this.writes += 1;
  }

  async delete(kind: LedgerTargetKind, key: string, grantId: string, assetId: string): Promise<boolean> {
    this.faults.check('delete', [kind, key, grantId, assetId]);
    const deleted = this.records.delete(this.name(kind, key, grantId, assetId));
    if (deleted) this.writes += 1;
    return deleted;
  }

  async list(kind: LedgerTargetKind, key: string): Promise<LedgerRecord[]> {
    this.faults.check('list', [kind, key]);
    const prefix = `${kind}/${key}/`;
    const out = [...this.records]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, text]) => {
        const [grantId = '', assetId = ''] = name.slice(prefix.length).split('.');
        return { grantId, assetId, grant: JSON.parse(text) as TopicGrant, text };
      });
    await this.afterList?.(kind, key);
    return out;
  }

  /** Change counters by `<kind>/<key>`. */
  readonly counters = new Map<string, number>();

  async advance(kind: LedgerTargetKind, key: string, _note: string): Promise<number> {
    this.faults.check('advance', [kind, key]);
    const next = (this.counters.get(`${kind}/${key}`) ?? 0) + 1;
    this.counters.set(`${kind}/${key}`, next);
    return next;
  }

  async counter(kind: LedgerTargetKind, key: string): Promise<number> {
    this.faults.check('counter', [kind, key]);
    return this.counters.get(`${kind}/${key}`) ?? 0;
  }
}

export type RolePolicyStoreMethod = 'getRole' | 'readPolicies' | 'writePolicies';

interface FakeRole {
  info: RoleInfo;
  inline: Map<string, string>;
  /** Attached managed policies: name → { arn, document, owned }. */
  attached: Map<string, { arn: string; document: string }>;
}

/** IAM roles in memory; `writePolicies` applies the same write plan as the IAM adapter. */
export class InMemoryRolePolicyStore implements RolePolicyStore {
  readonly roles = new Map<string, FakeRole>();
  readonly faults = new Faults<RolePolicyStoreMethod>();
  /** Every step run, as `<kind> <name>`. */
  readonly steps: string[] = [];

  constructor(readonly account = '720145398216') {}

  addRole(
    roleName: string,
    options: { path?: string; tags?: Record<string, string>; inline?: Record<string, string> } = {},
  ): RoleInfo {
    const path = options.path ?? '/';
    const info: RoleInfo = {
      roleName,
      arn: `arn:aws:iam::${this.account}:role${path}${roleName}`,
      path,
      tags: options.tags ?? {},
    };
    this.roles.set(roleName, {
      info,
      inline: new Map(Object.entries(options.inline ?? {})),
      attached: new Map(),
    });
    return info;
  }

  /** Attaches a foreign managed policy. */
  attachForeign(roleName: string, name: string): void {
    this.role(roleName).attached.set(name, {
      arn: `arn:aws:iam::${this.account}:policy/${name}`,
      document:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    });
  }

  role(roleName: string): FakeRole {
    const role = this.roles.get(roleName);
    if (!role)
      throw new InvalidGrantRequestError(`The principal role ${roleName} does not exist in this account`);
    return role;
  }

  /** Every streamgov document of a role (inline then managed), parsed. */
  documents(roleName: string, inlineName = 'streamgov-kafka-access'): PolicyDocument[] {
    const role = this.role(roleName);
    const texts = [
      ...(role.inline.has(inlineName) ? [role.inline.get(inlineName) as string] : []),
      ...[...role.attached]
        .filter(([name]) => name.startsWith(`streamgov-${roleName}-`))
        .map(([, policy]) => policy.document),
    ];
    return texts.map((text) => JSON.parse(text) as PolicyDocument);
  }

  async getRole(roleName: string): Promise<RoleInfo> {
    this.faults.check('getRole', [roleName]);
    return this.role(roleName).info;
  }

  async readPolicies(info: RoleInfo, names: OwnedPolicyNames): Promise<RolePolicies> {
    this.faults.check('readPolicies', [info, names]);
    const role = this.role(info.roleName);
    const attached = [...role.attached].map(([name, policy]) => ({ name, arn: policy.arn }));
    const own = new RegExp(`^${names.managedPolicyPrefix}-[1-9][0-9]*$`);
    return {
      inline: [...role.inline].map(([name, document]) => ({ name, document })),
      attached,
      owned: [...role.attached]
        .filter(([name]) => own.test(name))
        .map(([name, policy]) => ({ name, arn: policy.arn, document: policy.document })),
    };
  }

  async writePolicies(info: RoleInfo, current: RolePolicies, desired: ConsumerPolicies): Promise<string[]> {
    this.faults.check('writePolicies', [info, current, desired]);
    const role = this.role(info.roleName);
    const inline = current.inline.find((p) => p.name === desired.inlinePolicyName)?.document;
    const steps = planRoleWrites(
      {
        inlineName: desired.inlinePolicyName,
        ...(inline === undefined ? {} : { inline }),
        owned: current.owned,
      },
      desired,
    );
    const written: string[] = [];
    for (const step of steps) {
      this.steps.push(`${step.kind} ${step.name}`);
      if (step.kind === 'put-inline') role.inline.set(step.name, serializePolicy(step.document));
      if (step.kind === 'delete-inline') role.inline.delete(step.name);
      if (step.kind === 'put-managed') {
        role.attached.set(step.name, {
          arn: `arn:aws:iam::${this.account}:policy/streamgov/${step.name}`,
          document: serializePolicy(step.document),
        });
      }
      if (step.kind === 'remove-managed') role.attached.delete(step.name);
      written.push(step.name);
    }
    return written;
  }
}

export type ClusterPolicyStoreMethod = 'clusterType' | 'get' | 'put' | 'delete';

/** MSK cluster policies in memory, with versions checked like PutClusterPolicy's. */
export class InMemoryClusterPolicyStore implements ClusterPolicyStore {
  readonly policies = new Map<string, { text: string; version: string }>();
  readonly types = new Map<string, 'PROVISIONED' | 'SERVERLESS'>();
  readonly faults = new Faults<ClusterPolicyStoreMethod>();
  private next = 1;

  async clusterType(clusterArn: string): Promise<'PROVISIONED' | 'SERVERLESS'> {
    this.faults.check('clusterType', [clusterArn]);
    return this.types.get(clusterArn) ?? 'PROVISIONED';
  }

  async get(clusterArn: string): Promise<ClusterPolicy | undefined> {
    this.faults.check('get', [clusterArn]);
    const policy = this.policies.get(clusterArn);
    return policy && { document: JSON.parse(policy.text) as PolicyDocument, version: policy.version };
  }

  async put(
    clusterArn: string,
    document: PolicyDocument,
    currentVersion: string | undefined,
  ): Promise<string> {
    this.faults.check('put', [clusterArn, document, currentVersion]);
    if (this.policies.get(clusterArn)?.version !== currentVersion) throw new VersionConflictError(clusterArn);
    const version = `K${this.next++}`;
    this.policies.set(clusterArn, { text: serializePolicy(document), version });
    return version;
  }

  async delete(clusterArn: string): Promise<void> {
    this.faults.check('delete', [clusterArn]);
    this.policies.delete(clusterArn);
  }

  /** Writes a policy as someone else would. */
  seed(clusterArn: string, document: PolicyDocument): void {
    this.policies.set(clusterArn, { text: serializePolicy(document), version: `K${this.next++}` });
  }
}
