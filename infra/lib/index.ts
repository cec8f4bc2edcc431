export * from './constructs/catalog-sync.ts';
export * from './constructs/catalog-sync-props.ts';
export * from './constructs/partitioned-catalog-sync.ts';
export * from './constructs/partitioned-catalog-sync-props.ts';
export * from './constructs/topic-asset-type.ts';
export * from './constructs/topic-asset-type-props.ts';
export * from './errors.ts';
