/**
 * Fitting a RunEvent into PostLineageEvent's size limit: drop bulky facets in a fixed order (column
 * lineage, then schemas), record what was dropped in a `streamgov_reduced` run facet, or refuse.
 *
 * @module
 */
import { LineageEventTooLargeError } from './errors.ts';
import { type BaseFacet, type Dataset, jobLabel, type RunEvent, STREAMGOV_PRODUCER } from './model.ts';

/** The largest event PostLineageEvent accepts (shape `LineageEvent`, 300,000 bytes). */
export const DATAZONE_MAX_EVENT_BYTES = 300_000;

/** Name of the run facet recording that streamgov dropped facets to fit the limit. */
export const REDUCED_FACET = 'streamgov_reduced';

/** `_schemaURL` of the {@link REDUCED_FACET} run facet (a streamgov custom facet). */
export const REDUCED_FACET_SCHEMA_URL = 'urn:streamgov:facets:ReducedRunFacet:1-0-0';

/** The dataset facets dropped, in this order, when an event is too large. */
export const DROPPABLE_FACETS = ['columnLineage', 'schema'] as const;

/** The `streamgov_reduced` run facet. */
export interface ReducedRunFacet extends BaseFacet {
  readonly droppedFacets: readonly string[];
  readonly originalBytes: number;
}

/** An event ready to post: its bytes, and what was dropped to get there. */
export interface FittedEvent {
  readonly event: RunEvent;
  readonly bytes: Uint8Array;
  readonly originalBytes: number;
  readonly droppedFacets: readonly string[];
}

const encoder = new TextEncoder();

function encode(event: RunEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

function withoutFacets<D extends Dataset>(dataset: D, names: readonly string[]): D {
  if (!dataset.facets) return dataset;
  const facets = Object.fromEntries(Object.entries(dataset.facets).filter(([name]) => !names.includes(name)));
  return { ...dataset, facets };
}

function reduced(event: RunEvent, dropped: readonly string[], originalBytes: number): RunEvent {
  const note: ReducedRunFacet = {
    _producer: STREAMGOV_PRODUCER,
    _schemaURL: REDUCED_FACET_SCHEMA_URL,
    droppedFacets: dropped,
    originalBytes,
  };
  return {
    ...event,
    run: { ...event.run, facets: { ...event.run.facets, [REDUCED_FACET]: note } },
    ...(event.inputs ? { inputs: event.inputs.map((d) => withoutFacets(d, dropped)) } : {}),
    ...(event.outputs ? { outputs: event.outputs.map((d) => withoutFacets(d, dropped)) } : {}),
  };
}

/**
 * Serialises a RunEvent within `maxBytes`. An event that fits is returned untouched; otherwise the
 * `columnLineage` facets of all datasets are dropped, then their `schema` facets too, each time noting
 * it in the `streamgov_reduced` run facet.
 * @throws LineageEventTooLargeError naming the size and the job when even the reduced event is too large.
 */
export function fitEvent(event: RunEvent, maxBytes: number = DATAZONE_MAX_EVENT_BYTES): FittedEvent {
  const original = encode(event);
  if (original.length <= maxBytes) {
    return { event, bytes: original, originalBytes: original.length, droppedFacets: [] };
  }
  let bytes = original;
  for (let n = 1; n <= DROPPABLE_FACETS.length; n += 1) {
    const dropped = DROPPABLE_FACETS.slice(0, n);
    const candidate = reduced(event, dropped, original.length);
    bytes = encode(candidate);
    if (bytes.length <= maxBytes) {
      return { event: candidate, bytes, originalBytes: original.length, droppedFacets: dropped };
    }
  }
  throw new LineageEventTooLargeError(bytes.length, maxBytes, jobLabel(event));
}
