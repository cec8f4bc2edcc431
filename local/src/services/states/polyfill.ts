/**
 * aws-local-stepfunctions calls `Promise.withResolvers`, which Node.js has only from version 22. On Node 20
 * every Task state would fail with a TypeError that a `States.ALL` catcher silently catches, so the runner
 * installs this polyfill (once, only where it is missing) before the library runs.
 */
export function installPromiseWithResolvers(): void {
  const promiseConstructor = Promise as unknown as { withResolvers?: unknown };
  if (typeof promiseConstructor.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

installPromiseWithResolvers();
