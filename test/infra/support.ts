/**
 * Test stacks for the construct tests.
 *
 * Bundling: the construct tests swap the handler entries (infra/lib/private/handler-entries.ts) for a
 * stub handler with `vi.mock(..., stubHandlerEntries)`. NodejsFunction then bundles for real with the
 * local esbuild (same options, same asset staging, offline) in a few milliseconds per function, and
 * the tests do not depend on the runtime code. handler-bundles.test.ts bundles the real entries.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { DEFAULT_NAMES } from '../../asset-types/src/definition.ts';
import type { SyncSettings } from '../../datasource-lambda/src/config.ts';
import type * as entries from '../../infra/lib/private/handler-entries.ts';

/** Account and Region of the stacks built with `env: true`. */
export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' } as const;

const STUB: entries.HandlerEntry = {
  entry: new URL('./fixtures/stub-handler.ts', import.meta.url).pathname,
  handler: 'handler',
};

/** `vi.mock` factory for handler-entries.ts: every function bundles the stub handler. */
export function stubHandlerEntries(original: typeof entries): typeof entries {
  return { ...original, HANDLER_ENTRIES: { catalogSync: STUB, assetTypeResource: STUB } };
}

/** A fresh app with one stack: environment-agnostic, or in {@link TEST_ENV}. */
export function testStack(options: { env?: boolean } = {}): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Test', options.env ? { env: TEST_ENV } : {});
  return { app, stack };
}

/** Sync settings with one source by cluster name; `overrides` replaces top-level keys. */
export function testSettings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return {
    domainId: 'dzd_abc123',
    owningProjectId: 'prj123',
    sources: [
      { clusterName: 'orders', registryName: 'streaming', mapping: 'auto', includeTopicsWithoutSchema: true },
    ],
    assetTypeNames: DEFAULT_NAMES,
    autoPublish: false,
    maxDeleteShare: 0.2,
    concurrency: 8,
    dataZoneWriteRate: 20,
    indexPrefix: '/streamgov/dzd_abc123/catalog',
    ...overrides,
  };
}

/** An IAM policy statement as synthesized. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the identity policies attached to the role whose logical id starts with `rolePrefix`. */
export function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** The statement with this Sid, or an error naming the Sids there are. */
export function statementBySid(statements: readonly Statement[], sid: string): Statement {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}; have ${statements.map((s) => s.Sid).join(', ')}`);
  return found;
}

/** `value` as it appears in the template (tokens resolved to Fn::Join, Ref, Fn::GetAtt). */
export function resolved(stack: Stack, value: unknown): unknown {
  return stack.resolve(value);
}

/** cdk-nag AwsSolutions findings that are not acknowledged, as `rule at construct path`. */
export function unacknowledgedFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${(r as { constructPath?: string }).constructPath}`),
  );
}

/** Every acknowledgement recorded under `scope`: where, which rule or finding, and why. */
export function acknowledgements(scope: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

/** The error `act` throws (fails the test when it throws nothing). */
export function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}
