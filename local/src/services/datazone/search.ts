import type {
  AggregationOutput,
  FilterClause,
  SearchInput,
  SearchInventoryResultItem,
  SearchListingsInput,
  SearchListingsOutput,
  SearchOutput,
  SearchResultItem,
} from '@aws-sdk/client-datazone';
import { required, str, validated } from '../../cloud/validate.ts';
import { formOutput, latestRevision } from './assets.ts';
import { validationError } from './errors.ts';
import { latestListingRevision } from './listings.ts';
import { type Ctx, requireDomain, toDate } from './lookup.ts';
import { paginate } from './pagination.ts';
import {
  additionalAttributes,
  aggregations,
  domainIdentifier,
  filterClause,
  maxResults,
  nextToken,
  resourceId,
  searchIn,
  searchSort,
} from './rules.ts';
import type { AssetRecord, AssetRevisionRecord, ListingRecord, ListingRevisionRecord } from './state.ts';

/** What search sees of one item: attribute values by name, the free-text corpus and sort keys. */
interface Searchable {
  /** Values of an attribute (`name`, `typeName`, `<FormName>.<field>`…); empty when unknown. */
  readonly values: (attribute: string) => readonly (string | number)[];
  /** Texts that `searchText` is matched against when `searchIn` is not given. */
  readonly texts: readonly string[];
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly seq: number;
}

/** Every string and number leaf of a parsed form content. */
function leaves(value: unknown): (string | number)[] {
  if (typeof value === 'string' || typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leaves);
  return [];
}

/** Values of `<FormName>.<field>` (the field may be nested: `<FormName>.<a>.<b>`) in forms keyed by name. */
function formValues(forms: Readonly<Record<string, unknown>>, attribute: string): (string | number)[] {
  const [formName, ...path] = attribute.split('.');
  if (formName === undefined || path.length === 0 || !Object.hasOwn(forms, formName)) return [];
  let values: unknown[] = [forms[formName]];
  for (const key of path) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) =>
        typeof v === 'object' && v !== null && Object.hasOwn(v, key)
          ? (v as Record<string, unknown>)[key]
          : undefined,
      );
  }
  return values.flatMap(leaves);
}

function defined(...values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined);
}

function assetSearchable(asset: AssetRecord, rev: AssetRevisionRecord): Searchable {
  const forms = Object.fromEntries(rev.forms.map((f) => [f.formName, JSON.parse(f.content) as unknown]));
  const own: Record<string, readonly string[]> = {
    name: [rev.name],
    description: defined(rev.description),
    externalIdentifier: defined(asset.externalIdentifier),
    typeName: [asset.typeIdentifier],
    typeIdentifier: [asset.typeIdentifier],
    owningProjectId: [asset.owningProjectId],
    identifier: [asset.id],
    glossaryTerms: rev.glossaryTerms ?? [],
  };
  return {
    values: (attribute) =>
      Object.hasOwn(own, attribute) ? (own[attribute] ?? []) : formValues(forms, attribute),
    texts: [rev.name, ...defined(rev.description, asset.externalIdentifier), ...leaves(forms).map(String)],
    name: rev.name,
    createdAt: asset.firstRevisionCreatedAt,
    updatedAt: rev.createdAt,
    seq: asset.seq,
  };
}

function listingSearchable(listing: ListingRecord, rev: ListingRevisionRecord): Searchable {
  const forms = JSON.parse(rev.forms) as Record<string, unknown>;
  const own: Record<string, readonly string[]> = {
    name: [rev.name],
    description: defined(rev.description),
    entityType: [rev.assetType],
    typeName: [rev.assetType],
    assetType: [rev.assetType],
    owningProjectId: [listing.owningProjectId],
    entityId: [listing.assetId],
    listingId: [listing.id],
    glossaryTerms: rev.glossaryTerms,
  };
  return {
    values: (attribute) =>
      Object.hasOwn(own, attribute) ? (own[attribute] ?? []) : formValues(forms, attribute),
    texts: [rev.name, ...defined(rev.description), ...leaves(forms).map(String)],
    name: rev.name,
    createdAt: listing.createdAt,
    updatedAt: rev.createdAt,
    seq: listing.seq,
  };
}

function matchesFilter(item: Searchable, clause: FilterClause): boolean {
  const set = [clause.filter, clause.and, clause.or].filter((c) => c !== undefined);
  if (set.length !== 1) throw validationError('A filter clause must have exactly one of filter, and, or.');
  if (clause.and) return clause.and.every((c) => matchesFilter(item, c));
  if (clause.or) return clause.or.some((c) => matchesFilter(item, c));
  const { attribute = '', value, intValue, operator = 'EQ' } = clause.filter ?? {};
  const values = item.values(attribute);
  if (intValue !== undefined) {
    const numbers = values.map(Number).filter((n) => !Number.isNaN(n));
    const compare: Record<string, (n: number) => boolean> = {
      EQ: (n) => n === intValue,
      LE: (n) => n <= intValue,
      LT: (n) => n < intValue,
      GE: (n) => n >= intValue,
      GT: (n) => n > intValue,
    };
    const test = compare[operator];
    if (!test) throw validationError(`Operator ${operator} cannot be used with intValue.`);
    return numbers.some(test);
  }
  if (value === undefined) throw validationError(`Filter on ${attribute} needs a value or an intValue.`);
  if (operator === 'TEXT_SEARCH') {
    return values.some((v) => String(v).toLowerCase().includes(value.toLowerCase()));
  }
  if (operator !== 'EQ') throw validationError(`Operator ${operator} needs an intValue.`);
  return values.some((v) => String(v) === value);
}

/** Every whitespace-separated term of `searchText` occurs (case-insensitively) in the searched texts. */
function matchesText(
  item: Searchable,
  searchText: string | undefined,
  searchIn: readonly { attribute?: string }[] | undefined,
): boolean {
  const terms = (searchText ?? '')
    .toLowerCase()
    .split(/\s+/u)
    .filter((t) => t !== '' && t !== '*');
  if (terms.length === 0) return true;
  const texts = searchIn ? searchIn.flatMap((s) => item.values(s.attribute ?? '').map(String)) : item.texts;
  const corpus = texts.map((t) => t.toLowerCase());
  return terms.every((term) => corpus.some((t) => t.includes(term)));
}

interface Query {
  readonly searchText?: string;
  readonly searchIn?: readonly { attribute?: string }[];
  readonly filters?: FilterClause;
  readonly sort?: { attribute?: string; order?: string };
}

/** Filters and orders items: by the `sort` attribute (`name`, `createdAt`, `updatedAt`), else by creation. */
function select<T extends { readonly searchable: Searchable }>(items: readonly T[], query: Query): T[] {
  const matched = items.filter(
    ({ searchable }) =>
      matchesText(searchable, query.searchText, query.searchIn) &&
      (query.filters === undefined || matchesFilter(searchable, query.filters)),
  );
  const attribute = query.sort?.attribute;
  const key = (s: Searchable): string =>
    attribute === 'name' ? s.name.toLowerCase() : attribute === 'updatedAt' ? s.updatedAt : s.createdAt;
  matched.sort((a, b) => {
    const ka = key(a.searchable);
    const kb = key(b.searchable);
    return ka === kb ? a.searchable.seq - b.searchable.seq : ka < kb ? -1 : 1;
  });
  return query.sort?.order === 'DESCENDING' ? matched.reverse() : matched;
}

const queryRules = {
  domainIdentifier,
  maxResults,
  nextToken,
  searchIn,
  filters: filterClause,
  sort: searchSort,
  additionalAttributes,
};

/**
 * Search (the project inventory). Only ASSET scope has items: glossaries and data products are not
 * modelled, so those scopes are always empty. `searchText` matches name, description, external
 * identifier and the forms' contents; `filters` take the attributes `name`, `description`,
 * `externalIdentifier`, `typeName`, `owningProjectId`, `identifier`, `glossaryTerms` and
 * `<FormName>.<field>`.
 */
export const search = validated(
  {
    ...queryRules,
    owningProjectIdentifier: resourceId(),
    searchScope: required(str({ enum: ['ASSET', 'GLOSSARY', 'GLOSSARY_TERM', 'DATA_PRODUCT'] })),
    searchText: str({ min: 1, max: 512 }),
  },
  (input: SearchInput, ctx: Ctx): SearchOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const assets =
      input.searchScope === 'ASSET'
        ? Object.values(domain.assets)
            .filter(
              (a) =>
                input.owningProjectIdentifier === undefined ||
                a.owningProjectId === input.owningProjectIdentifier,
            )
            .map((asset) => ({ asset, rev: latestRevision(asset) }))
            .map((entry) => ({ ...entry, searchable: assetSearchable(entry.asset, entry.rev) }))
        : [];
    const matched = select(assets, input);
    const page = paginate(matched, input, 'Search');
    const withForms = input.additionalAttributes?.includes('FORMS') ?? false;
    const items = page.items.map(
      ({ asset, rev }): SearchInventoryResultItem => ({
        assetItem: {
          domainId: domain.id,
          identifier: asset.id,
          name: rev.name,
          typeIdentifier: asset.typeIdentifier,
          typeRevision: rev.typeRevision,
          externalIdentifier: asset.externalIdentifier,
          description: rev.description,
          createdAt: toDate(rev.createdAt),
          createdBy: rev.createdBy,
          firstRevisionCreatedAt: toDate(asset.firstRevisionCreatedAt),
          firstRevisionCreatedBy: asset.firstRevisionCreatedBy,
          glossaryTerms: rev.glossaryTerms,
          owningProjectId: asset.owningProjectId,
          additionalAttributes: withForms
            ? { formsOutput: rev.forms.map(formOutput), readOnlyFormsOutput: [] }
            : undefined,
        },
      }),
    );
    return { items, nextToken: page.nextToken, totalMatchCount: matched.length };
  },
);

/** Counts of each value of the requested attributes among the matched items. */
function aggregate(
  matched: readonly { readonly searchable: Searchable }[],
  aggregations: SearchListingsInput['aggregations'],
): AggregationOutput[] | undefined {
  if (!aggregations) return undefined;
  return aggregations.map(({ attribute = '', displayValue }) => {
    const counts = new Map<string, number>();
    for (const { searchable } of matched) {
      for (const value of new Set(searchable.values(attribute).map(String))) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    return {
      attribute,
      displayValue,
      items: [...counts].map(([value, count]) => ({ value, count, displayValue: value })),
    };
  });
}

/**
 * SearchListings (the catalog): ACTIVE listings. `searchText` matches name, description and the forms'
 * contents; `filters` take `name`, `description`, `entityType` (or `typeName`/`assetType`),
 * `owningProjectId`, `entityId`, `listingId`, `glossaryTerms` and `<FormName>.<field>`. With
 * `additionalAttributes: ['FORMS']` each item carries its forms as the JSON string GetListing returns.
 */
export const searchListings = validated(
  {
    ...queryRules,
    searchText: str({ min: 0, max: 512 }),
    aggregations,
  },
  (input: SearchListingsInput, ctx: Ctx): SearchListingsOutput => {
    const domain = requireDomain(ctx, input.domainIdentifier ?? '');
    const listings = Object.values(domain.listings)
      .filter((l) => l.status === 'ACTIVE')
      .map((listing) => ({ listing, rev: latestListingRevision(listing) }))
      .map((entry) => ({ ...entry, searchable: listingSearchable(entry.listing, entry.rev) }));
    const matched = select(listings, input);
    const page = paginate(matched, input, 'SearchListings');
    const withForms = input.additionalAttributes?.includes('FORMS') ?? false;
    const items = page.items.map(
      ({ listing, rev }): SearchResultItem => ({
        assetListing: {
          listingId: listing.id,
          listingRevision: rev.listingRevision,
          name: rev.name,
          entityId: listing.assetId,
          entityRevision: rev.assetRevision,
          entityType: rev.assetType,
          description: rev.description,
          createdAt: toDate(rev.createdAt),
          listingCreatedBy: listing.createdBy,
          listingUpdatedBy: listing.updatedBy,
          glossaryTerms: rev.glossaryTerms.map((name) => ({ name })),
          owningProjectId: listing.owningProjectId,
          additionalAttributes: withForms ? { forms: rev.forms } : undefined,
        },
      }),
    );
    return {
      items,
      nextToken: page.nextToken,
      totalMatchCount: matched.length,
      aggregates: aggregate(matched, input.aggregations),
    };
  },
);
