/**
 * The import direction of house style §3, enforced: `common` → `asset-types` → `lineage` →
 * `datasource-lambda`, `grant-workflow` → `infra` (A → B: B may import A). Runtime folders never import
 * `aws-cdk-lib`, `constructs`, `infra` or `local`; `local` may import every runtime folder and `infra`; only
 * `cli` (and `test`, `bench`, which are not scanned) import `local`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const RUNTIME = ['common', 'asset-types', 'lineage', 'datasource-lambda', 'grant-workflow'] as const;
const FOLDERS = [...RUNTIME, 'infra', 'local', 'cli'] as const;
type Folder = (typeof FOLDERS)[number];

/** What each folder may import besides itself (any other top-level folder is refused). */
const MAY_IMPORT: Readonly<Record<Folder, readonly Folder[]>> = {
  common: [],
  'asset-types': ['common'],
  lineage: ['common', 'asset-types'],
  'datasource-lambda': ['common', 'asset-types', 'lineage'],
  'grant-workflow': ['common', 'asset-types', 'lineage'],
  infra: [...RUNTIME],
  local: [...RUNTIME, 'infra'],
  cli: [...RUNTIME, 'infra', 'local'],
};

/** Packages only infra (and the tools around it) may import: CDK code never runs in a Lambda function. */
const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag'];

/**
 * Where each folder's sources are: `<folder>/src`, except infra, which is a CDK app (`bin/`, `config/`,
 * `lib/`) without a `src`.
 */
const SOURCE_ROOTS: Readonly<Record<Folder, readonly string[]>> = {
  common: ['common/src'],
  'asset-types': ['asset-types/src'],
  lineage: ['lineage/src'],
  'datasource-lambda': ['datasource-lambda/src'],
  'grant-workflow': ['grant-workflow/src'],
  infra: ['infra/bin', 'infra/config', 'infra/lib'],
  local: ['local/src'],
  cli: ['cli/src'],
};

/** An import that breaks the direction but is accepted for now, with the reason. Keep it empty. */
interface AllowedViolation {
  /** Importing file, relative to the repository root, with `/`. */
  readonly file: string;
  /** The import specifier exactly as written. */
  readonly specifier: string;
  readonly reason: string;
}

const ALLOWED_VIOLATIONS: readonly AllowedViolation[] = [];

interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

const PACKAGE_IMPORTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports?: Record<string, string> }
).imports;

function sourceFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'cdk.out' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder a path inside the repository belongs to (`node_modules` for outside ones). */
function topLevelOf(absolutePath: string): string {
  const inRepo = relative(ROOT, absolutePath);
  return inRepo.startsWith('..') ? 'node_modules' : (inRepo.split(sep)[0] ?? '');
}

/** A `#alias` of package.json `imports` (`#common`, `#local/*`) resolved to its top-level folder. */
function aliasTarget(specifier: string): string | undefined {
  for (const [key, target] of Object.entries(PACKAGE_IMPORTS ?? {})) {
    const prefix = key.endsWith('*') ? key.slice(0, -1) : key;
    if (key.endsWith('*') ? specifier.startsWith(prefix) : specifier === key) {
      return topLevelOf(resolve(ROOT, target));
    }
  }
  return undefined;
}

/** The package a bare specifier names (`aws-cdk-lib/aws-iam` → `aws-cdk-lib`, `@scope/pkg/x` → `@scope/pkg`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function violationsOf(folder: Folder, file: string): Violation[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const violations: Violation[] = [];
  for (const specifier of specifiers) {
    const target = specifier.startsWith('.')
      ? topLevelOf(resolve(ROOT, dirname(file), specifier))
      : specifier.startsWith('#')
        ? aliasTarget(specifier)
        : undefined;
    if (target === undefined) {
      const pkg = packageOf(specifier);
      if (folder !== 'infra' && folder !== 'cli' && folder !== 'local' && CDK_PACKAGES.includes(pkg)) {
        violations.push({ file, specifier, rule: `runtime folder ${folder} must not import ${pkg}` });
      }
      continue;
    }
    if (target === folder || (MAY_IMPORT[folder] as readonly string[]).includes(target)) continue;
    violations.push({
      file,
      specifier,
      rule:
        target === 'local'
          ? `only cli, test and bench import local, not ${folder}`
          : `${folder} must not import ${target} (${folder} may import: ${MAY_IMPORT[folder].join(', ') || 'nothing'})`,
    });
  }
  return violations;
}

function describeViolation(v: Violation): string {
  return `${v.file} imports '${v.specifier}': ${v.rule}`;
}

describe('architecture', () => {
  const scanned = FOLDERS.map((folder) => ({
    folder,
    files: SOURCE_ROOTS[folder].flatMap((root) => sourceFiles(root)),
  }));
  const found = scanned.flatMap(({ folder, files }) => files.flatMap((file) => violationsOf(folder, file)));
  const isAllowed = (v: Violation) =>
    ALLOWED_VIOLATIONS.some((a) => a.file === v.file && a.specifier === v.specifier);

  it('scans the sources of every top-level folder', () => {
    // Assess
    for (const { folder, files } of scanned) {
      expect(files.length, `no .ts file found under ${SOURCE_ROOTS[folder].join(', ')}`).toBeGreaterThan(0);
    }
  });

  it('keeps every import in the allowed direction', () => {
    // Act
    const refused = found.filter((v) => !isAllowed(v)).map(describeViolation);

    // Assess
    expect(refused, `imports against house style §3:\n${refused.join('\n')}`).toEqual([]);
  });

  it('allows only violations that still exist', () => {
    // Act
    const stale = ALLOWED_VIOLATIONS.filter(
      (a) => !found.some((v) => v.file === a.file && v.specifier === a.specifier),
    ).map((a) => `${a.file} imports '${a.specifier}'`);

    // Assess
    expect(stale, `remove these entries from ALLOWED_VIOLATIONS:\n${stale.join('\n')}`).toEqual([]);
  });
});
