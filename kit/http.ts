import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { ErrorCode, StartupError } from './errors';

/** A listening HTTP server with the URL it answers on and an idempotent close. */
export interface Listening {
  readonly server: http.Server;
  readonly port: number;
  /** Base URL without path, e.g. `http://127.0.0.1:4001`. */
  readonly origin: string;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once, lets requests in
   * flight finish for up to {@link CLOSE_GRACE_MS}, then cuts what is left. Idempotent.
   */
  close(): Promise<void>;
}

/** How long in-flight requests may run on after a close before their connections are cut. */
export const CLOSE_GRACE_MS = 5000;

/**
 * Starts `server` on `port` (0 picks a free port) and resolves once it listens; rejects when the
 * port is taken, with a message naming the port and the variable that moves it.
 */
export function listen(server: http.Server, port: number, host: string, portVariable: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(`Port ${port} on ${host} is already in use. Stop what uses it or set ${portVariable}.`));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        server,
        port: actual,
        origin: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${actual}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            if (!server.listening) return done();
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
          });
          return closing;
        },
      });
    });
  });
}

/**
 * Express error handler for what fails before GraphQL runs (a body that is not JSON, a body over
 * the size limit): answers in the GraphQL response shape with a code (`BAD_REQUEST`,
 * `REQUEST_TOO_LARGE` with HTTP 413), never an HTML page with a stack trace.
 *
 * @param where names the server in log lines.
 * @param bodyLimitBytes the body limit in force, quoted in the 413 message.
 */
export function createJsonErrorHandler(where: string, bodyLimitBytes: number): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    let code: ErrorCode = status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR;
    let message = status < 500 ? 'The request could not be read.' : 'Internal server error.';
    if (error?.type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON. Send {"query": "...", "variables": {...}} with content-type application/json.';
    } else if (error?.type === 'entity.too.large') {
      code = ErrorCode.REQUEST_TOO_LARGE;
      message = `The request body is larger than ${bodyLimitBytes} bytes. Send a smaller document or fewer variables.`;
    } else if (error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported') {
      message = 'The request body must be UTF-8 JSON.';
    }
    if (status >= 500) console.error(`[${where}] unhandled error:`, error);
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
