/**
 * Bundles the real handler entries (no stub): the entry files exist, export `handler`, and bundle
 * offline with the local esbuild into one ESM file that carries the pinned SDK.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CatalogSync } from '../../infra/lib/constructs/catalog-sync.ts';
import { TopicAssetType } from '../../infra/lib/constructs/topic-asset-type.ts';
import { testSettings, testStack } from './support.ts';

/** The bundled `index.mjs` of the function whose logical id starts with `prefix`. */
function bundle(build: (stack: ReturnType<typeof testStack>['stack']) => void, prefix: string): string {
  const { app, stack } = testStack();
  build(stack);
  const template = Template.fromStack(stack).toJSON();
  const resources = template.Resources as Record<
    string,
    { Type: string; Properties: { Code: { S3Key: string } } }
  >;
  const [fn] = Object.entries(resources)
    .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))
    .map(([, r]) => r);
  const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
  return readFileSync(join(app.outdir, `asset.${hash}`, 'index.mjs'), 'utf8');
}

describe('handler bundles', () => {
  it.each([
    [
      'the catalog sync function',
      (stack: ReturnType<typeof testStack>['stack']) =>
        new CatalogSync(stack, 'CatalogSync', { settings: testSettings(), schedule: 'rate(1 hour)' }),
      'CatalogSyncFunction',
    ],
    [
      'the asset type custom resource handler',
      (stack: ReturnType<typeof testStack>['stack']) =>
        new TopicAssetType(stack, 'TopicAssetType', { domainId: 'dzd_abc123', owningProjectId: 'prj123' }),
      'TopicAssetTypeHandler',
    ],
  ])('bundles %s into one ESM file exporting handler, SDK included', (_case, build, prefix) => {
    // Act
    const code = bundle(build, prefix);

    // Assess
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\s*\}/);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).toMatch(/createRequire/);
  });
});
