import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import { translateAwsError } from '../../../common/src/errors.ts';
import type { LedgerTargetKind } from '../ports.ts';
import type { LedgerInventory } from '../reconcile.ts';

/** The inverse of the ledger's segment escaping (`.` + two hex digits → the character). */
function decodeSegment(segment: string): string {
  return segment.replace(/\.([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * The targets of an SSM grant ledger ({@link LedgerInventory}): the names one level below
 * `<prefix>/<kind>`, from GetParametersByPath (recursive) over every page.
 */
export class SsmLedgerInventory implements LedgerInventory {
  constructor(private readonly options: { readonly client: SSMClient; readonly prefix: string }) {}

  async targets(kind: LedgerTargetKind): Promise<string[]> {
    const path = `${this.options.prefix}/${kind}`;
    const out = new Set<string>();
    try {
      for await (const page of paginateGetParametersByPath(
        { client: this.options.client },
        { Path: path, Recursive: true },
      )) {
        for (const parameter of page.Parameters ?? []) {
          const segment = (parameter.Name ?? '').slice(path.length + 1).split('/')[0];
          if (segment) out.add(decodeSegment(segment));
        }
      }
    } catch (error) {
      throw translateAwsError(error, `GetParametersByPath ${path}`, { path });
    }
    return [...out].sort();
  }
}
