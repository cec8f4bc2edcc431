/**
 * Reading a synthesized CDK cloud assembly (`cdk.out`): `manifest.json`, its stack artifacts with their
 * environment (`aws://<account>/<region>`), templates and file assets, in deployment order.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SynthesizedTemplate } from './asl.ts';
import { LocalDeployError } from './errors.ts';

/** A template resource as synthesized. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: string | readonly string[];
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly Condition?: string;
}

/** A stack template: resources, parameters (with defaults) and outputs (with export names). */
export interface StackTemplate extends SynthesizedTemplate {
  readonly Resources?: Readonly<Record<string, TemplateResource>>;
  readonly Parameters?: Readonly<Record<string, { readonly Type?: string; readonly Default?: unknown }>>;
  readonly Outputs?: Readonly<
    Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>
  >;
}

/** One stack of the assembly. */
export interface AssemblyStack {
  /** The artifact id (the stack name unless `stackName` says otherwise). */
  readonly id: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: StackTemplate;
  /** File asset directories (absolute) by asset hash, from the stack's asset manifests. */
  readonly assets: Readonly<Record<string, string>>;
  /** Ids of the stacks this one depends on. */
  readonly dependsOn: readonly string[];
}

/** The assembly: its directory and its stacks in dependency order. */
export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly dependencies?: readonly string[];
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly file?: string;
  };
}

const ENVIRONMENT = /^aws:\/\/(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)$/u;

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LocalDeployError(`cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalDeployError(`${what} ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The environment of a stack artifact.
 * @throws LocalDeployError for an environment-agnostic stack (`aws://unknown-account/unknown-region`):
 *   the local deployment needs to know where each stack lives.
 */
export function parseEnvironment(
  id: string,
  environment: string | undefined,
): { account: string; region: string } {
  const match = ENVIRONMENT.exec(environment ?? '');
  if (!match?.[1] || !match[2]) {
    throw new LocalDeployError(
      `stack ${id}: environment ${JSON.stringify(environment)} is not aws://<account>/<region>; give the stack an env with an explicit account and Region`,
    );
  }
  return { account: match[1], region: match[2] };
}

/** Orders stacks so that each comes after the stacks it depends on (stable otherwise). */
export function orderStacks<T extends { readonly id: string; readonly dependsOn: readonly string[] }>(
  stacks: readonly T[],
): T[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: T, path: readonly string[]) => {
    const seen = state.get(stack.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new LocalDeployError(
        `stacks depend on each other in a cycle: ${[...path, stack.id].join(' -> ')}`,
      );
    }
    state.set(stack.id, 'visiting');
    for (const dependency of stack.dependsOn) {
      const other = byId.get(dependency);
      if (other) visit(other, [...path, stack.id]);
    }
    state.set(stack.id, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}

/**
 * Reads the cloud assembly in `directory`: every `aws:cloudformation:stack` artifact of `manifest.json`
 * with its template and the file assets of its asset manifests (`cdk:asset-manifest` dependencies).
 * @throws LocalDeployError naming the file or the stack that cannot be read.
 */
export async function readCloudAssembly(directory: string): Promise<CloudAssembly> {
  const manifest = (await readJson(join(directory, 'manifest.json'), 'cloud assembly manifest')) as {
    readonly artifacts?: Readonly<Record<string, ManifestArtifact>>;
  };
  const artifacts = manifest.artifacts ?? {};
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const { account, region } = parseEnvironment(id, artifact.environment);
    const templateFile = artifact.properties?.templateFile;
    if (!templateFile) throw new LocalDeployError(`stack ${id}: the manifest names no templateFile`);
    const template = (await readJson(
      join(directory, templateFile),
      `template of stack ${id}`,
    )) as StackTemplate;
    const assets: Record<string, string> = {};
    const dependsOn: string[] = [];
    for (const dependency of artifact.dependencies ?? []) {
      const other = artifacts[dependency];
      if (other?.type === 'aws:cloudformation:stack') dependsOn.push(dependency);
      if (other?.type !== 'cdk:asset-manifest' || !other.properties?.file) continue;
      const assetManifest = (await readJson(join(directory, other.properties.file), 'asset manifest')) as {
        readonly files?: Readonly<Record<string, { readonly source?: { readonly path?: string } }>>;
      };
      for (const [hash, file] of Object.entries(assetManifest.files ?? {})) {
        if (file.source?.path) assets[hash] = join(directory, file.source.path);
      }
    }
    stacks.push({
      id,
      stackName: artifact.properties?.stackName ?? id,
      account,
      region,
      template,
      assets,
      dependsOn,
    });
  }
  if (stacks.length === 0) throw new LocalDeployError(`the cloud assembly in ${directory} has no stack`);
  return { directory, stacks: orderStacks(stacks) };
}
