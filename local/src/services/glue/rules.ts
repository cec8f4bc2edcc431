/** Input constraints of the Glue Schema Registry model (api-shapes/glue.txt), shared by the operations. */
import { anchored, bool, map, num, str, struct } from '../../cloud/validate.ts';

/** Registry and schema names (`SchemaRegistryNameString`). */
export const registryName = str({ min: 1, max: 255, pattern: anchored('[a-zA-Z0-9-_$#.]+') });
/** Registry and schema ARNs (`GlueResourceArn`). */
export const glueArn = str({
  min: 1,
  max: 10240,
  pattern: anchored('arn:aws(-(cn|us-gov|iso(-[bef])?))?:glue:.*'),
});
/** `DescriptionString`: up to 2,048 printable characters. */
export const description = str({
  min: 0,
  max: 2048,
  pattern: anchored('[\\u0020-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}\\r\\n\\t]*'),
});
/** `RegistryId`: by name or by ARN (exactly one is checked by the lookup). */
export const registryId = struct({ RegistryName: registryName, RegistryArn: glueArn });
/** `SchemaId`: by ARN, or by name with the registry name. */
export const schemaId = struct({ SchemaArn: glueArn, SchemaName: registryName, RegistryName: registryName });
/** List page size, 1-100. */
export const maxResults = num({ min: 1, max: 100 });
/** Opaque list token. */
export const nextToken = str();
/** Page size when the request has no `MaxResults` (Glue Schema Registry lists: 25). */
export const DEFAULT_PAGE_SIZE = 25;
/** Up to 50 tags. */
export const tags = map({ max: 50, key: str({ min: 1, max: 128 }), value: str({ max: 256 }) });
/** `DataFormat` enum. */
export const dataFormat = str({ enum: ['AVRO', 'JSON', 'PROTOBUF'] });
/** `Compatibility` enum. */
export const compatibility = str({
  enum: ['NONE', 'DISABLED', 'BACKWARD', 'BACKWARD_ALL', 'FORWARD', 'FORWARD_ALL', 'FULL', 'FULL_ALL'],
});
/** The model's pattern `.*\S.*` means "not blank"; definitions span lines, so it is not anchored here. */
export const schemaDefinition = str({ min: 1, max: 170000, pattern: /\S/u });
/** Schema version ids: UUIDs. */
export const schemaVersionId = str({
  min: 36,
  max: 36,
  pattern: anchored('[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}'),
});
/** `SchemaVersionNumber`: `LatestVersion` or `VersionNumber` 1-100000. */
export const schemaVersionNumber = struct({
  LatestVersion: bool(),
  VersionNumber: num({ min: 1, max: 100000 }),
});
