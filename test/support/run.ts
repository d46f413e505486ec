import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * What the worker processes of one `jest` run share: a run folder (made by global-setup.ts,
 * removed by global-teardown.ts) and work done once per run in it.
 */

/** The run folder made by `test/support/global-setup.ts`, or one for this process alone (removed at exit). */
export function runDir(): string {
  if (!process.env.OSM_TEST_RUN_DIR) {
    const dir = mkdtempSync(path.join(tmpdir(), 'osm-hub-test-run-'));
    process.env.OSM_TEST_RUN_DIR = dir;
    process.env.OSM_TEST_RUN_ID = randomBytes(4).toString('hex');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return process.env.OSM_TEST_RUN_DIR;
}

/** Lower-case hex naming this run's PostgreSQL template databases. */
export function runId(): string {
  runDir();
  return process.env.OSM_TEST_RUN_ID as string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const made = new Map<string, Promise<void>>();

/**
 * Runs `build` once per test run for `key`, whichever worker process asks first; the others wait
 * for it. `<run>/<key>.done` marks a finished build; `<run>/<key>.building/` (holding the
 * builder's pid) is the mutex, taken over when its builder died.
 */
export function oncePerRun(key: string, build: () => Promise<void>): Promise<void> {
  let promise = made.get(key);
  if (!promise) {
    promise = (async () => {
      const done = path.join(runDir(), `${key}.done`);
      const mutex = path.join(runDir(), `${key}.building`);
      const deadline = Date.now() + 300_000;
      while (!existsSync(done)) {
        if (Date.now() > deadline) throw new Error(`gave up waiting for another test worker to build ${key} (${mutex})`);
        try {
          mkdirSync(mutex);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          let holder: number | undefined;
          try {
            holder = Number(readFileSync(path.join(mutex, 'pid'), 'utf8'));
          } catch {
            // Just taken: its pid is not written yet.
          }
          if (holder && !alive(holder)) rmSync(mutex, { recursive: true, force: true });
          else await sleep(200);
          continue;
        }
        try {
          writeFileSync(path.join(mutex, 'pid'), String(process.pid));
          await build();
          writeFileSync(done, '');
        } finally {
          rmSync(mutex, { recursive: true, force: true });
        }
      }
    })();
    made.set(key, promise);
    promise.catch(() => made.delete(key));
  }
  return promise;
}
