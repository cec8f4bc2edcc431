/**
 * The real `npx cdk synth` of infra/ with the pinned CDK CLI, offline, real bundling, into a temporary
 * directory: the cloud assembly a deployment (or the local deployment) reads.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_NAMES } from '../../infra/lib/stacks/app-plan.ts';

const INFRA = new URL('../../infra/', import.meta.url).pathname;
const EXAMPLE = new URL('../../infra/config/example.json', import.meta.url).pathname;
const STACKS = [
  STACK_NAMES.governance,
  STACK_NAMES.environment('222222222222'),
  STACK_NAMES.environment('333333333333'),
];

interface Manifest {
  readonly artifacts: Record<
    string,
    {
      readonly type: string;
      readonly environment?: string;
      readonly properties?: { readonly templateFile?: string };
      readonly dependencies?: readonly string[];
    }
  >;
}

interface AssetManifest {
  readonly files: Record<string, { readonly source: { readonly path: string; readonly packaging: string } }>;
}

type Resources = Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;

describe('npx cdk synth (infra/, example configuration)', () => {
  const out = mkdtempSync(join(tmpdir(), 'streamgov-synth-'));
  let result: { stdout: string; stderr: string };
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(out, file), 'utf8')) as T;

  beforeAll(async () => {
    // Act
    result = await promisify(execFile)(
      'npx',
      ['cdk', 'synth', '--quiet', '--no-notices', '-o', out, '-c', `config=${EXAMPLE}`],
      {
        cwd: INFRA,
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  }, 240_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a manifest with the governance stack and one stack per environment account, in their accounts', () => {
    // Assess
    const manifest = read<Manifest>('manifest.json');
    const stacks = Object.entries(manifest.artifacts).filter(
      ([, a]) => a.type === 'aws:cloudformation:stack',
    );
    expect(stacks.map(([id]) => id).sort()).toEqual([...STACKS].sort());
    expect(manifest.artifacts[STACK_NAMES.governance]?.environment).toBe('aws://111111111111/eu-west-1');
    expect(manifest.artifacts[STACK_NAMES.environment('333333333333')]?.environment).toBe(
      'aws://333333333333/eu-west-1',
    );
    // The CLI writes its messages to stderr, or to stdout when CI=true.
    expect(`${result.stdout}${result.stderr}`).toContain('Successfully synthesized');
  });

  it('writes each template with its functions, state machines and rules, and no cross-stack reference', () => {
    for (const stack of STACKS) {
      // Prepare
      const template = read<{ Resources: Resources }>(`${stack}.template.json`);
      const types = Object.values(template.Resources).map((r) => r.Type);

      // Assess
      expect(types, stack).toContain('AWS::Lambda::Function');
      expect(types, stack).toContain('AWS::StepFunctions::StateMachine');
      expect(types, stack).toContain('AWS::Events::Rule');
      expect(types, stack).not.toContain('AWS::CDK::Metadata');
      expect(JSON.stringify(template), stack).not.toContain('Fn::ImportValue');
    }
  });

  it('stages the code of every function: the handler file, and a source map for the bundled ones', () => {
    for (const stack of STACKS) {
      // Prepare
      const template = read<{ Resources: Resources }>(`${stack}.template.json`);
      const assets = read<AssetManifest>(`${stack}.assets.json`);
      const functions = Object.entries(template.Resources).filter(
        ([, r]) => r.Type === 'AWS::Lambda::Function',
      );

      // Assess
      expect(functions.length, stack).toBeGreaterThan(0);
      for (const [id, fn] of functions) {
        const key = String((fn.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key);
        const asset = assets.files[key.replace(/\.zip$/, '')];
        expect(asset, `${stack}/${id}`).toBeDefined();
        const dir = join(out, asset?.source.path ?? '');
        const file = String(fn.Properties?.Handler).split('.')[0] ?? '';
        const mjs = join(dir, `${file}.mjs`);
        if (existsSync(mjs)) {
          expect(existsSync(`${mjs}.map`), `${stack}/${id}`).toBe(true);
          expect(fn.Properties?.Runtime).toBe('nodejs22.x');
          expect(fn.Properties?.Architectures).toEqual(['arm64']);
        } else {
          expect(existsSync(join(dir, `${file}.js`)), `${stack}/${id}: ${dir}`).toBe(true);
        }
      }
    }
  });
});
