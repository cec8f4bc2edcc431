export * from './arns.ts';
export * from './assume-role.ts';
export * from './clients.ts';
export * from './config.ts';
export * from './errors.ts';
export * from './logger.ts';
export * from './retry.ts';
