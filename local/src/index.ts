import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type CloudState, DEFAULT_ACCOUNT, LocalCloud } from './cloud/cloud.ts';
import { applyWorld, type SeededWorld } from './seed/apply-world.ts';
import { parseWorld } from './seed/world.ts';
import { type LocalServer, startServer } from './server.ts';
import { ALL_SERVICES } from './services/index.ts';

export { LocalCloud } from './cloud/cloud.ts';
export { type CloudAssembly, readCloudAssembly } from './deploy/assembly.ts';
export { type DeployOptions, deployCloudAssembly, type LocalDeployment } from './deploy/deploy.ts';
export { describeDeployment } from './deploy/describe.ts';
export { LocalDeployError } from './deploy/errors.ts';
export type { ReportedResource, StackDeployment } from './deploy/types.ts';
export type { SeededWorld } from './seed/apply-world.ts';

/** The demo world shipped with streamgov (three accounts, a domain, a cluster, a registry, roles). */
export const DEMO_WORLD_FILE = fileURLToPath(new URL('../worlds/demo.json', import.meta.url));

export interface LocalCloudHandle {
  readonly url: string;
  readonly cloud: LocalCloud;
  /** What seeding created; undefined when no seed was applied (or state was restored). */
  readonly seeded?: SeededWorld;
  close(): Promise<void>;
}

export interface StartOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** "demo" or a world file path; applied only when no state was restored. Plain access keys then act
   * as the world's DataZone account (unless `defaultAccount` is given). */
  readonly seed?: string;
  /** Keeps state across restarts: loaded at start, written after changes and at close. */
  readonly stateFile?: string;
  readonly defaultAccount?: string;
}

/** Reads and validates a world file ("demo" = the shipped demo world). */
export async function loadWorld(seed: string) {
  const path = seed === 'demo' ? DEMO_WORLD_FILE : seed;
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`World file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseWorld(parsed);
}

async function restore(cloud: LocalCloud, stateFile: string): Promise<boolean> {
  try {
    cloud.load(JSON.parse(await readFile(stateFile, 'utf8')) as CloudState);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new Error(`Cannot restore local cloud state from ${stateFile}: ${(error as Error).message}`);
  }
}

/** Starts the local cloud (server + every service), optionally seeded and persisted. */
export async function startLocalCloud(options: StartOptions = {}): Promise<LocalCloudHandle> {
  const world = options.seed ? await loadWorld(options.seed) : undefined;
  // Plain (non-assumed) keys act as the seeded domain's account, so dummy credentials see the domain.
  const worldAccount = world?.datazone ? world.accounts[world.datazone.account] : undefined;
  const cloud = new LocalCloud({
    services: ALL_SERVICES,
    defaultAccount: options.defaultAccount ?? worldAccount ?? DEFAULT_ACCOUNT,
  });
  const restored = options.stateFile ? await restore(cloud, options.stateFile) : false;
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  const save = () => {
    if (!options.stateFile || dirty) return;
    dirty = true;
    const file = options.stateFile;
    saving = saving.then(async () => {
      dirty = false;
      await writeFile(`${file}.tmp`, JSON.stringify(cloud.dump()));
      await rename(`${file}.tmp`, file);
    });
  };
  const server: LocalServer = await startServer(cloud, {
    ...(options.port === undefined ? {} : { port: options.port }),
    onCall: save,
    seed: async (world) => {
      const seeded = await applyWorld(cloud, parseWorld(world));
      save();
      return seeded;
    },
  });
  let seeded: SeededWorld | undefined;
  if (world && !restored) {
    seeded = await applyWorld(cloud, world);
    await cloud.settle();
    save();
  }
  return {
    url: server.url,
    cloud,
    ...(seeded ? { seeded } : {}),
    close: async () => {
      await cloud.settle();
      save();
      await saving;
      await server.close();
    },
  };
}
