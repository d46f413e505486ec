import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite's PostgreSQL, compiled from WebAssembly once per thread and early.
 *
 * PGlite compiles its 9 MB `pglite.wasm` when a database opens, on V8's background threads, and
 * the opening thread waits meanwhile (0.2-0.3 s at a restart on the 2-core development machine,
 * the time the hub's subgraph thread has nothing else to do). A subgraph thread starts the compile
 * before it loads the subgraphs' modules ({@link compilePglite}), so that the databases open on a
 * compiled module ({@link openDatabase} passes it as `pgliteWasmModule`).
 */
let compiled: Promise<WebAssembly.Module> | undefined;

/** Starts (once per thread) compiling PGlite's WebAssembly; resolves with the module. */
export function compilePglite(): Promise<WebAssembly.Module> {
  compiled ??= readFile(path.join(path.dirname(require.resolve('@electric-sql/pglite')), 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
  // A failure is PGlite's to report when it opens (it then compiles the file itself): try again then.
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}
