import {
  type DataZoneClient,
  PostLineageEventCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-datazone';

/** A fake DataZone client that records PostLineageEvent calls and fails the first `failures` of them. */
export class FakeDataZone {
  readonly posts: { domainIdentifier?: string; clientToken?: string; event: string }[] = [];
  private remainingFailures: number;

  constructor(
    failures = 0,
    private readonly failure: () => Error = () =>
      new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
  ) {
    this.remainingFailures = failures;
  }

  readonly client = {
    send: async (command: unknown) => {
      if (!(command instanceof PostLineageEventCommand)) throw new Error('unexpected command');
      const input = command.input;
      if (this.remainingFailures > 0) {
        this.remainingFailures -= 1;
        throw this.failure();
      }
      this.posts.push({
        ...(input.domainIdentifier ? { domainIdentifier: input.domainIdentifier } : {}),
        ...(input.clientToken ? { clientToken: input.clientToken } : {}),
        event: new TextDecoder().decode(input.event as Uint8Array),
      });
      return { id: `ev${String(this.posts.length).padStart(12, '0')}`, domainId: input.domainIdentifier };
    },
  } as unknown as Pick<DataZoneClient, 'send'>;
}

/** A non-retryable DataZone refusal. */
export const validationFailure = () =>
  new ValidationException({ message: 'Invalid lineage event', $metadata: { httpStatusCode: 400 } });
