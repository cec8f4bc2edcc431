export * from './columns/index.ts';
export * from './definition.ts';
export * from './errors.ts';
export * from './forms.ts';
export * from './smithy.ts';
export * from './topic-identity.ts';
