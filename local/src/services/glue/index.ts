import type { ServiceDefinition } from '../../cloud/types.ts';
import { invalidInput } from './errors.ts';
import { registryOperations } from './registries.ts';
import { schemaOperations } from './schemas.ts';
import { type GlueState, initialGlueState } from './state.ts';
import { versionOperations } from './versions.ts';

export { CLOUDTRAIL_DETAIL_TYPE, type CloudTrailApiCallDetail, GLUE_EVENT_SOURCE } from './cloudtrail.ts';
export type { GlueState } from './state.ts';

/**
 * The AWS Glue Schema Registry (signing name `glue`, awsJson1_1): registries, schemas and schema
 * versions, with the CloudTrail events of its write operations put on the default EventBridge bus.
 */
export const glueService: ServiceDefinition<GlueState> = {
  signingName: 'glue',
  initialState: initialGlueState,
  validationError: invalidInput,
  operations: { ...registryOperations, ...schemaOperations, ...versionOperations },
};
