/**
 * Bundles the real grant workflow entries (no stub): they exist, export their handlers, and bundle
 * offline into one ESM file each that carries the pinned SDK.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCentral, buildEnvironment, PRODUCER_ACCOUNT } from './grant-workflow-support.ts';

type Resources = Record<string, { Type: string; Properties: { Code: { S3Key: string }; Handler: string } }>;

function bundles(built: { app: { outdir: string }; template: { toJSON(): unknown } }, prefix: string) {
  const resources = (built.template.toJSON() as { Resources: Resources }).Resources;
  return Object.entries(resources)
    .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))
    .map(([, r]) => ({
      handler: r.Properties.Handler,
      code: readFileSync(
        join(built.app.outdir, `asset.${r.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'),
        'utf8',
      ),
    }));
}

describe('grant workflow handler bundles', () => {
  it('bundles the central functions and the apply function, each exporting its handler, SDK included', () => {
    // Act
    const central = bundles(buildCentral(), 'GrantWorkflow');
    const environment = bundles(buildEnvironment(PRODUCER_ACCOUNT), 'GrantWorkflow');
    // Assess
    expect(central.map((b) => b.handler).sort()).toEqual(['index.collectMetadata', 'index.reportStatus']);
    expect(environment.map((b) => b.handler)).toEqual(['index.apply']);
    for (const { handler, code } of [...central, ...environment]) {
      const name = handler.replace('index.', '');
      expect(code).toMatch(new RegExp(`export\\s*\\{[^}]*\\b${name}\\b`));
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    }
  }, 120_000);
});
