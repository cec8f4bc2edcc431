// @ts-check
/**
 * The worker thread of one locally deployed function: it loads the function's bundle from its cloud
 * assembly asset directory (the code Lambda itself would run), and serves invocations sent by the main
 * thread (`{ id, event, context }` → `{ id, ok, json }` or `{ id, ok: false, error }`). Its
 * `process.env` is the function's own (variables, Region, endpoint, credentials), set by the main
 * thread when it starts the worker. Plain JavaScript: worker threads do not get the TypeScript loader.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/** @typedef {{ codeDir: string, handler: string }} WorkerSettings */
/** @typedef {(event: unknown, context: object, callback?: (error: unknown, value?: unknown) => void) => unknown} Handler */

const settings = /** @type {WorkerSettings} */ (workerData);

/** @param {unknown} error */
function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  const errorMessage = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  return { errorType: typeof error, errorMessage, trace: [] };
}

/**
 * @param {string} name
 * @param {string} message
 */
function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** @returns {Promise<Handler>} */
async function loadHandler() {
  const dot = settings.handler.lastIndexOf('.');
  if (dot <= 0) throw runtimeError('Runtime.MalformedHandlerName', `Bad handler ${settings.handler}`);
  const modulePath = settings.handler.slice(0, dot);
  const exportName = settings.handler.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((extension) => join(settings.codeDir, `${modulePath}${extension}`))
    .find((candidate) => existsSync(candidate));
  if (!file) {
    throw runtimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${modulePath}' in ${settings.codeDir}`,
    );
  }
  /** @type {Record<string, unknown>} */
  const loaded = await import(pathToFileURL(file).href);
  const fromDefault = /** @type {Record<string, unknown> | undefined} */ (loaded.default);
  const handler = loaded[exportName] ?? fromDefault?.[exportName];
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${modulePath}.${exportName} is undefined or not exported`);
  }
  return /** @type {Handler} */ (handler);
}

/** @type {Promise<Handler> | undefined} */
let handlerPromise;

/**
 * @param {Handler} handler
 * @param {unknown} event
 * @param {object} context
 */
function call(handler, event, context) {
  if (handler.length < 3) return Promise.resolve(handler(event, context));
  return new Promise((resolve, reject) => {
    const result = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
    if (result && typeof (/** @type {Promise<unknown>} */ (result).then) === 'function') {
      /** @type {Promise<unknown>} */ (result).then(resolve, reject);
    }
  });
}

parentPort?.on(
  'message',
  /** @param {{ id: number, event: unknown, context: Record<string, unknown> & { deadline: number } }} message */
  async (message) => {
    const { id, event, context } = message;
    try {
      handlerPromise ??= loadHandler();
      const handler = await handlerPromise;
      const lambdaContext = {
        ...context,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, context.deadline - Date.now()),
      };
      const value = await call(handler, event, lambdaContext);
      let json;
      try {
        json = JSON.stringify(value);
      } catch {
        throw runtimeError('Runtime.MarshalError', 'Unable to stringify response body');
      }
      parentPort?.postMessage({ id, ok: true, json });
    } catch (error) {
      parentPort?.postMessage({ id, ok: false, error: errorPayload(error) });
    }
  },
);
