/**
 * Stable identities of the Flink lifecycle emitter: the job of an application and the runId of one run.
 * Pure and deterministic, so that a CloudTrail record delivered twice yields the same events (and the
 * DataZone transport's content-derived client token makes the second post a no-op).
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** The UUID namespace of streamgov Flink run ids (a fixed random UUID; never change it). */
export const FLINK_RUN_ID_NAMESPACE = 'b8f2a7e4-5c1d-4e3a-9f6b-0d2c7a1e4b59';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/iu.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/** An RFC 9562 version 5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = FLINK_RUN_ID_NAMESPACE): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The runId of the run an operation began: a run starts with a StartApplication, or with an
 * UpdateApplication of a running application (Flink restarts the job from a snapshot), and every later
 * event of that run (RUNNING, COMPLETE, ABORT, FAIL) finds the same operation again through
 * ListApplicationOperations.
 */
export function flinkRunId(applicationArn: string, operationId: string): string {
  return uuidV5(`${applicationArn}#${operationId}`);
}

/** The default job namespace of applications in `account` and `region`. */
export function defaultJobNamespace(account: string, region: string): string {
  return `flink://${account}/${region}`;
}

/** `FLINK-1_20` → `1.20`; undefined for runtimes that are not Apache Flink (SQL, Zeppelin). */
export function flinkVersion(runtime: string): string | undefined {
  const match = /^FLINK-(\d+)_(\d+)$/u.exec(runtime);
  return match ? `${match[1]}.${match[2]}` : undefined;
}
