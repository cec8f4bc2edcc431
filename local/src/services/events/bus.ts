/** The event buses this local cloud has: the default bus of each account and region. */
import type { CallerIdentity } from '../../cloud/types.ts';
import { busNotFound } from './errors.ts';
import { busArn, DEFAULT_BUS } from './state.ts';

/**
 * Checks that `name` (a name or an ARN; omitted = default) is the caller's default bus.
 * @throws ResourceNotFoundException for any other bus.
 */
export function resolveOwnBus(caller: CallerIdentity, name: string | undefined): string {
  if (name === undefined || name === DEFAULT_BUS || name === busArn(caller.account, caller.region))
    return DEFAULT_BUS;
  throw busNotFound(name);
}

/** Account, region and bus name of an event bus ARN, or undefined when `arn` is not one. */
export function parseBusArn(arn: string): { account: string; region: string; bus: string } | undefined {
  const match = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/(.+)$/.exec(arn);
  return match
    ? { region: match[1] as string, account: match[2] as string, bus: match[3] as string }
    : undefined;
}
