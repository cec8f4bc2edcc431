/**
 * Counts the calls made through a port, per method, for the run summary.
 */

/**
 * A proxy of `port` whose methods count their calls in `counts` under `<prefix>.<method>`.
 * @param port the port to observe; its behaviour is unchanged.
 */
export function countCalls<T extends object>(port: T, prefix: string, counts: Record<string, number>): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const name = `${prefix}.${property}`;
        counts[name] = (counts[name] ?? 0) + 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
}
