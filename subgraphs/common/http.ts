import type { AddressInfo } from 'node:net';
import http from 'node:http';

/** A listening HTTP server with the URL it answers on and an idempotent close. */
export interface Listening {
  readonly server: http.Server;
  readonly port: number;
  /** Base URL without path, e.g. `http://127.0.0.1:4001`. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on `port` (0 picks a free port) and resolves once it listens; rejects when the
 * port is taken, with a message naming the port and the variable that moves it.
 */
export function listen(server: http.Server, port: number, host: string, portVariable: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${host} is already in use. Stop what uses it or set ${portVariable}.`));
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
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
