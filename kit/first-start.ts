import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './paths';

/**
 * A fast first start for embedded PGlite.
 *
 * A new PGlite folder needs PostgreSQL's initdb, which PGlite runs in WebAssembly: 3–4 s of wall
 * time and much more CPU on a small machine, for each of the four subgraphs. The result is the
 * same empty cluster every time, so a process makes it once, in a scratch folder, and copies it
 * into every new subgraph folder (a tenth of a second each), then opens the copy as usual. A
 * first `npm start` initialises once instead of four times — or not at all: `npm install` makes
 * the empty cluster once (scripts/pglite-cluster.mjs), and first starts copy that one.
 */

/**
 * The empty cluster `npm install` made for the installed PGlite version
 * (`node_modules/.cache/osm-hub/pglite-<version>/pgdata`), if it is there and complete. Only ever
 * copied from, never opened.
 */
export function installedEmptyCluster(): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    const home = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'osm-hub', `pglite-${version}`);
    return existsSync(path.join(home, 'complete')) ? path.join(home, 'pgdata') : undefined;
  } catch {
    return undefined;
  }
}

/** The empty cluster of this process, made on first need, and the scratch folder that holds it. */
let emptyCluster: Promise<string> | undefined;
let scratch: string | undefined;
/** First starts copying from it right now (another hub of this process may be starting). */
let copying = 0;
let exitHook = false;

/** Copies a folder's contents into `to` (`cp -R`, much faster than Node's recursive copy; Node's where `cp` fails). */
export async function copyFolder(from: string, to: string): Promise<void> {
  try {
    await promisify(execFile)('cp', ['-R', `${from}/.`, to]);
  } catch {
    cpSync(from, to, { recursive: true, force: true });
  }
}

function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/**
 * Makes (once per process) the initialised, empty cluster that new PGlite folders are filled from,
 * and names its folder: the embedded hub makes it in its main thread and hands it to the worker
 * threads that run the subgraphs ({@link useEmptyCluster}), so initdb runs once, not once per thread.
 */
export function prepareEmptyCluster(): Promise<string> {
  return emptyClusterFolder();
}

/**
 * Fills new PGlite folders of this thread from `folder`, an empty cluster another thread made
 * ({@link prepareEmptyCluster}) and removes: this thread never removes it. The folder may still be
 * in the making (a promise): a first start then waits for it, and fails with its error.
 */
export function useEmptyCluster(folder: string | Promise<string>): void {
  emptyCluster = Promise.resolve(folder);
  // Whoever opens a new folder sees the failure; a thread whose folders all exist never asks.
  emptyCluster.catch(() => undefined);
}

/** The empty cluster new folders are copied from: the one `npm install` made, else this process's own. */
function emptyClusterFolder(): Promise<string> {
  const installed = installedEmptyCluster();
  return installed ? Promise.resolve(installed) : scratchEmptyCluster();
}

/**
 * An initialised, empty PGlite folder in the temporary directory, made once per process (or the
 * one another thread made, {@link useEmptyCluster}): a first start's fallback when `npm install`
 * made no empty cluster (its postinstall skipped or failed). Removed by {@link discardFirstStartFolder}.
 */
export function scratchEmptyCluster(): Promise<string> {
  emptyCluster ??= (async () => {
    if (!exitHook) {
      exitHook = true;
      process.once('exit', removeScratch);
    }
    scratch = mkdtempSync(path.join(tmpdir(), `osm-hub-initdb-${process.pid}-`));
    const folder = path.join(scratch, 'pgdata');
    // Loaded here, on the rare start without the installed cluster: the gateway thread needs no PGlite.
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = new PGlite(folder);
    try {
      await pglite.waitReady;
    } finally {
      await pglite.close();
    }
    return folder;
  })().catch((error: unknown) => {
    emptyCluster = undefined;
    removeScratch();
    throw error;
  });
  return emptyCluster;
}

/**
 * Fills an empty PGlite folder with an initialised, empty cluster, so that PGlite opens it
 * without running initdb. A folder that holds anything is left alone: it is an existing database
 * (or not ours to touch). The caller holds the folder's lock.
 */
export async function initialiseEmptyFolder(folder: string): Promise<void> {
  if (readdirSync(folder).length > 0) return;
  copying += 1;
  // Copied beside the folder, then renamed over it (empty, so the rename replaces it): a copy cut
  // short by a crash leaves a stray sibling, never a half-filled folder that the next start would open.
  const staged = mkdtempSync(`${folder}.initdb-`);
  try {
    await copyFolder(await emptyClusterFolder(), staged);
    renameSync(staged, folder);
  } finally {
    copying -= 1;
    rmSync(staged, { recursive: true, force: true });
  }
}

/**
 * Removes this process's empty cluster once every first start that uses it has copied it (the
 * hub calls it when its subgraphs are open); a later first start makes a new one.
 */
export async function discardFirstStartFolder(): Promise<void> {
  if (copying > 0) return;
  const made = emptyCluster;
  emptyCluster = undefined;
  await made?.catch(() => undefined);
  removeScratch();
}
