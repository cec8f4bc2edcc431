/**
 * The world file: a JSON description of a local estate (accounts, a DataZone domain with projects and
 * environments, MSK clusters and topics, Glue registries with schema versions, IAM roles), applied to
 * the local cloud through its own APIs. Documented in docs/local-cloud.md.
 */

import { isJsonObject } from '../../../common/src/json.ts';

export interface World {
  readonly region?: string;
  /** Logical account names to 12-digit ids: `{ "governance": "111111111111", ... }`. */
  readonly accounts: Readonly<Record<string, string>>;
  readonly datazone?: WorldDataZone;
  readonly clusters?: readonly WorldCluster[];
  readonly registries?: readonly WorldRegistry[];
  readonly roles?: readonly WorldRole[];
}

export interface WorldDataZone {
  /** Logical account of the domain. */
  readonly account: string;
  readonly domainName: string;
  readonly projects: readonly { readonly name: string; readonly description?: string }[];
  readonly environments: readonly {
    readonly name: string;
    readonly project: string;
    /** Logical account the environment lives in. */
    readonly account: string;
  }[];
}

export interface WorldCluster {
  readonly account: string;
  readonly name: string;
  /** @default "PROVISIONED" */
  readonly type?: 'PROVISIONED' | 'SERVERLESS';
  readonly topics: readonly {
    readonly name: string;
    readonly partitions?: number;
    readonly replicationFactor?: number;
    readonly configs?: Readonly<Record<string, string>>;
  }[];
}

export interface WorldRegistry {
  readonly account: string;
  readonly name: string;
  readonly schemas: readonly {
    readonly name: string;
    readonly dataFormat: 'AVRO' | 'JSON' | 'PROTOBUF';
    /** @default "BACKWARD" */
    readonly compatibility?: string;
    /** Schema definitions, oldest first; each becomes a version. */
    readonly versions: readonly string[];
  }[];
}

export interface WorldRole {
  readonly account: string;
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
  /** Logical or 12-digit accounts allowed to assume the role. */
  readonly trustedAccounts?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

type Problems = string[];

function expectString(problems: Problems, path: string, value: unknown, pattern?: RegExp): void {
  if (typeof value !== 'string' || value === '')
    problems.push(`${path} must be a non-empty string, got ${JSON.stringify(value)}`);
  else if (pattern && !pattern.test(value)) problems.push(`${path}="${value}" must match ${pattern.source}`);
}

function expectArray(problems: Problems, path: string, value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${path} must be an array, got ${JSON.stringify(value)}`);
    return [];
  }
  return value;
}

/**
 * Checks a parsed world file and returns it typed.
 * @throws Error listing every problem, each naming the field path and the value.
 */
export function parseWorld(value: unknown): World {
  const problems: Problems = [];
  if (!isJsonObject(value)) throw new Error(`world must be a JSON object, got ${JSON.stringify(value)}`);
  const accounts = value.accounts;
  if (!isJsonObject(accounts) || Object.keys(accounts).length === 0) {
    problems.push('accounts must be an object of logical name -> 12-digit account id');
  } else {
    for (const [name, id] of Object.entries(accounts))
      expectString(problems, `accounts.${name}`, id, /^\d{12}$/);
  }
  const known = new Set(isJsonObject(accounts) ? Object.keys(accounts) : []);
  const account = (path: string, ref: unknown) => {
    if (typeof ref !== 'string' || !known.has(ref))
      problems.push(`${path}="${String(ref)}" is not one of accounts (${[...known].join(', ')})`);
  };
  if (value.region !== undefined) expectString(problems, 'region', value.region, /^[a-z]{2}(-[a-z]+)+-\d$/);
  if (value.datazone !== undefined) {
    const dz = value.datazone;
    if (!isJsonObject(dz)) problems.push('datazone must be an object');
    else {
      account('datazone.account', dz.account);
      expectString(problems, 'datazone.domainName', dz.domainName);
      const projectNames = new Set<string>();
      for (const [i, p] of expectArray(problems, 'datazone.projects', dz.projects).entries()) {
        const project = isJsonObject(p) ? p : {};
        expectString(problems, `datazone.projects[${i}].name`, project.name);
        projectNames.add(String(project.name));
      }
      for (const [i, e] of expectArray(problems, 'datazone.environments', dz.environments).entries()) {
        const env = isJsonObject(e) ? e : {};
        expectString(problems, `datazone.environments[${i}].name`, env.name);
        if (!projectNames.has(String(env.project))) {
          problems.push(
            `datazone.environments[${i}].project="${String(env.project)}" is not a project of datazone.projects`,
          );
        }
        account(`datazone.environments[${i}].account`, env.account);
      }
    }
  }
  for (const [i, c] of expectArray(problems, 'clusters', value.clusters).entries()) {
    const cluster = isJsonObject(c) ? c : {};
    account(`clusters[${i}].account`, cluster.account);
    expectString(problems, `clusters[${i}].name`, cluster.name, /^[a-zA-Z0-9-]{1,64}$/);
    if (cluster.type !== undefined && cluster.type !== 'PROVISIONED' && cluster.type !== 'SERVERLESS') {
      problems.push(`clusters[${i}].type="${String(cluster.type)}" must be PROVISIONED or SERVERLESS`);
    }
    for (const [j, t] of expectArray(problems, `clusters[${i}].topics`, cluster.topics).entries()) {
      expectString(
        problems,
        `clusters[${i}].topics[${j}].name`,
        isJsonObject(t) ? t.name : t,
        /^[a-zA-Z0-9._-]{1,249}$/,
      );
    }
  }
  for (const [i, r] of expectArray(problems, 'registries', value.registries).entries()) {
    const registry = isJsonObject(r) ? r : {};
    account(`registries[${i}].account`, registry.account);
    expectString(problems, `registries[${i}].name`, registry.name);
    for (const [j, s] of expectArray(problems, `registries[${i}].schemas`, registry.schemas).entries()) {
      const schema = isJsonObject(s) ? s : {};
      const path = `registries[${i}].schemas[${j}]`;
      expectString(problems, `${path}.name`, schema.name);
      if (!['AVRO', 'JSON', 'PROTOBUF'].includes(String(schema.dataFormat))) {
        problems.push(`${path}.dataFormat="${String(schema.dataFormat)}" must be AVRO, JSON or PROTOBUF`);
      }
      const versions = expectArray(problems, `${path}.versions`, schema.versions);
      if (versions.length === 0) problems.push(`${path}.versions must hold at least one schema definition`);
      for (const [k, v] of versions.entries()) expectString(problems, `${path}.versions[${k}]`, v);
    }
  }
  for (const [i, r] of expectArray(problems, 'roles', value.roles).entries()) {
    const role = isJsonObject(r) ? r : {};
    account(`roles[${i}].account`, role.account);
    expectString(problems, `roles[${i}].name`, role.name, /^[\w+=,.@-]{1,64}$/);
  }
  if (problems.length > 0) throw new Error(`Invalid world file: ${problems.join('; ')}`);
  return value as unknown as World;
}
