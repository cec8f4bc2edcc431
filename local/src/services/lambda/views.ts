/** How registered functions are answered: FunctionConfiguration as the SDK types it. */
import type { FunctionRecord } from './state.ts';

/** A function's FunctionConfiguration (all functions here are `$LATEST`, active zip-packaged x86_64). */
export function configuration(fn: FunctionRecord) {
  return {
    ...fn,
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.FunctionName}` },
  };
}
