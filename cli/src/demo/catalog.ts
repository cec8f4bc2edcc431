/**
 * The catalog steps of the demo: the deployed catalog sync invoked through Lambda, the topic assets it
 * created (with their columns), and a schema change that reaches the deployed sync through the
 * forwarded Glue CloudTrail event and becomes a new asset revision.
 *
 * @module
 */
import { type DataZoneClient, GetAssetCommand, paginateSearch } from '@aws-sdk/client-datazone';
import { GetSchemaVersionCommand, RegisterSchemaVersionCommand } from '@aws-sdk/client-glue';
import type { Column } from '../../../asset-types/src/columns/types.ts';
import { SYSTEM_FORMS } from '../../../asset-types/src/definition.ts';
import { formsByName } from '../../../asset-types/src/forms.ts';
import { type SyncSummary, summaryLine } from '../../../datasource-lambda/src/summary.ts';
import { type DemoContext, invokeFunction, requireFunction, waitInCloud } from './context.ts';
import { DemoExpectationError } from './errors.ts';

/** The logical id prefix of the catalog sync function in the governance stack. */
export const CATALOG_SYNC_FUNCTION = 'CatalogSyncFunction';

/** A topic asset as the demo shows it. */
export interface TopicAssetView {
  readonly id: string;
  readonly name: string;
  readonly revision: string;
  /** The MSK topic ARN. */
  readonly externalIdentifier: string;
  /** The lineage `sourceIdentifier` (AssetCommonDetailsForm). */
  readonly sourceIdentifier: string;
  readonly columns: readonly Column[];
  /** The listing of the asset's published revision, when published. */
  readonly listingId?: string;
  readonly listingStatus?: string;
}

/** Reads one asset (its latest revision) as a {@link TopicAssetView}. */
export async function readTopicAsset(
  client: DataZoneClient,
  domainId: string,
  id: string,
): Promise<TopicAssetView> {
  const asset = await client.send(new GetAssetCommand({ domainIdentifier: domainId, identifier: id }));
  const forms = formsByName(asset.formsOutput ?? []);
  const table = forms[SYSTEM_FORMS.relationalTable.formName] as { columns?: Column[] } | undefined;
  const common = forms[SYSTEM_FORMS.commonDetails.formName] as { sourceIdentifier?: string } | undefined;
  return {
    id,
    name: asset.name ?? '',
    revision: asset.revision ?? '',
    externalIdentifier: asset.externalIdentifier ?? '',
    sourceIdentifier: common?.sourceIdentifier ?? '',
    columns: table?.columns ?? [],
    ...(asset.listing?.listingId ? { listingId: asset.listing.listingId } : {}),
    ...(asset.listing?.listingStatus ? { listingStatus: asset.listing.listingStatus } : {}),
  };
}

/** Every topic asset of the domain (Search, every page), sorted by name. */
export async function listTopicAssets(context: DemoContext): Promise<TopicAssetView[]> {
  const client = context.accounts.governance.dataZone();
  const { domainId } = context.estate;
  const assetType = context.config.catalog.assetTypeNames.assetType;
  const ids: string[] = [];
  for await (const page of paginateSearch(
    { client },
    { domainIdentifier: domainId, searchScope: 'ASSET', maxResults: 50 },
  )) {
    for (const item of page.items ?? []) {
      if (item.assetItem?.identifier && item.assetItem.typeIdentifier === assetType)
        ids.push(item.assetItem.identifier);
    }
  }
  const assets = await Promise.all(ids.map((id) => readTopicAsset(client, domainId, id)));
  return assets.sort((a, b) => a.name.localeCompare(b.name));
}

/** `order_id string, placed_at timestamp, …` (types shortened past `width` characters). Pure. */
export function renderColumns(columns: readonly Column[], width = 40): string {
  if (columns.length === 0) return '(no schema: no columns)';
  return columns
    .map(
      (c) =>
        `${c.columnName} ${c.dataType.length > width ? `${c.dataType.slice(0, width - 1)}…` : c.dataType}`,
    )
    .join(', ');
}

/** The asset of topic `name`. @throws DemoExpectationError when the catalog has none. */
export function assetNamed(assets: readonly TopicAssetView[], name: string): TopicAssetView {
  const found = assets.find((a) => a.name === name);
  if (!found)
    throw new DemoExpectationError(
      `the catalog has no asset for topic ${name} (it has ${assets.map((a) => a.name).join(', ') || 'none'})`,
    );
  return found;
}

/**
 * Step 2: invokes the deployed catalog sync function through the Lambda API and lists the assets.
 * @throws DemoExpectationError when the function fails or creates no asset.
 */
export async function runCatalogSync(
  context: DemoContext,
): Promise<{ summary: SyncSummary; assets: TopicAssetView[] }> {
  const fn = requireFunction(context.deployment, context.estate.governanceAccount, CATALOG_SYNC_FUNCTION);
  context.printer.progress(`invoking ${fn.name}`);
  const summary = await invokeFunction<SyncSummary>(context, fn.name, {});
  context.printer.detail(`Lambda Invoke ${fn.name}: ${summaryLine(summary)}`);
  const assets = await listTopicAssets(context);
  if (assets.length === 0) throw new DemoExpectationError('the catalog sync created no topic asset');
  for (const asset of assets) {
    context.printer.detail(`${asset.name.padEnd(10)} revision ${asset.revision}  ${asset.sourceIdentifier}`);
    context.printer.detail(`  columns: ${renderColumns(asset.columns)}`);
  }
  return { summary, assets };
}

/** The Avro field the demo adds to `orders-value`: optional, so the change is backward compatible. */
export const NEW_ORDERS_FIELD = {
  name: 'coupon_code',
  type: ['null', 'string'],
  default: null,
  doc: 'Promotion code applied at checkout',
} as const;

/** What the schema evolution step observed. */
export interface EvolutionFacts {
  readonly schemaVersion: number;
  readonly before: TopicAssetView;
  readonly after: TopicAssetView;
  readonly addedColumns: readonly Column[];
}

/**
 * Step 5: registers a backward-compatible version of the topic's value schema in the producer account;
 * Glue's CloudTrail event is forwarded to the governance bus, whose rule runs the deployed sync. Waits
 * for the new asset revision.
 * @throws DemoExpectationError when Glue refuses the version; DemoTimeoutError when no revision appears.
 */
export async function evolveSchema(context: DemoContext, topic: string): Promise<EvolutionFacts> {
  const dz = context.accounts.governance.dataZone();
  const { domainId, registryName } = context.estate;
  const before = assetNamed(await listTopicAssets(context), topic);
  const glue = context.accounts.producer.glue();
  const schemaId = { RegistryName: registryName, SchemaName: `${topic}-value` };
  const latest = await glue.send(
    new GetSchemaVersionCommand({ SchemaId: schemaId, SchemaVersionNumber: { LatestVersion: true } }),
  );
  const definition = JSON.parse(latest.SchemaDefinition ?? '{}') as { fields?: unknown[] };
  const evolved = { ...definition, fields: [...(definition.fields ?? []), NEW_ORDERS_FIELD] };
  const registered = await glue.send(
    new RegisterSchemaVersionCommand({ SchemaId: schemaId, SchemaDefinition: JSON.stringify(evolved) }),
  );
  if (registered.Status === 'FAILURE') {
    throw new DemoExpectationError(`Glue refused the new version of ${schemaId.SchemaName}: status FAILURE`);
  }
  context.printer.detail(
    `Glue RegisterSchemaVersion ${registryName}/${schemaId.SchemaName} (producer ${context.estate.producerAccount}): version ${registered.VersionNumber} ${registered.Status}, field ${NEW_ORDERS_FIELD.name} added`,
  );
  const after = await waitInCloud(context, `a new revision of asset ${topic}`, async () => {
    const current = await readTopicAsset(dz, domainId, before.id);
    return current.revision !== before.revision ? current : undefined;
  });
  const known = new Set(before.columns.map((c) => c.columnName));
  const addedColumns = after.columns.filter((c) => !known.has(c.columnName));
  context.printer.detail(`asset ${topic}: revision ${before.revision} → ${after.revision}`);
  for (const column of addedColumns) {
    context.printer.detail(
      `  new column: ${column.columnName} ${column.dataType}${column.description ? ` — ${column.description}` : ''}`,
    );
  }
  return { schemaVersion: registered.VersionNumber ?? 0, before, after, addedColumns };
}
