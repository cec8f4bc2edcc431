import { fileURLToPath } from 'node:url';

/** An absolute path inside the repository (infra never guesses the working directory). */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}

/** A Lambda handler: the TypeScript entry file and the name of its exported function. */
export interface HandlerEntry {
  readonly entry: string;
  readonly handler: string;
}

/** The repository root: esbuild's project root (tsconfig.json, package.json `imports`). */
export const PROJECT_ROOT: string = repoPath('.');

/** The lock file NodejsFunction hashes and bundles against. */
export const LOCK_FILE: string = repoPath('package-lock.json');

/** Entry points of the functions infra deploys; runtime folders own the files. */
export const HANDLER_ENTRIES: Readonly<Record<'catalogSync' | 'assetTypeResource', HandlerEntry>> = {
  catalogSync: { entry: repoPath('datasource-lambda/src/handler.ts'), handler: 'handler' },
  assetTypeResource: {
    entry: repoPath('asset-types/src/asset-type-resource-handler.ts'),
    handler: 'handler',
  },
};
