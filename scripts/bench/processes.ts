import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { PROJECT_ROOT } from '../../kit/paths';

/**
 * The child processes and temporary folders of one bench run, and the one place that removes them:
 * on a normal end, on an error, on Ctrl-C (SIGINT), SIGTERM or SIGHUP, and, as a last resort, in
 * the synchronous `exit` handler (SIGKILL to every process group still alive).
 *
 * Every child is spawned `detached`, the leader of a process group of its own, and is stopped by
 * signalling the group (`kill(-pid)`): `npm start` runs `sh` and `node` under npm, and none of
 * them may outlive the bench.
 */

/** A child process of the bench, with the tail of its output for error messages. */
export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last 20 kB of its standard output and error. */
  output(): string;
}

const services = new Set<Service>();
const folders = new Set<string>();
const cleanups: (() => Promise<void>)[] = [];
let signalsInstalled = false;


/**
 * Spawns `command args` in the project root as the leader of a new process group, with `env`
 * as its whole environment; its output is kept (tail only), not printed.
 */
export function spawnService(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Service {
  installSignalHandlers();
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`could not start ${name}: ${command} ${args.join(' ')}`);
  const service: Service = { name, child, pid: child.pid, output: () => tail };
  services.add(service);
  child.once('exit', () => services.delete(service));
  return service;
}

/** Signals a service's whole process group; a group already gone is no error. */
function signalGroup(service: Service, signal: NodeJS.Signals): void {
  try {
    process.kill(-service.pid, signal);
  } catch {
    // already gone
  }
}

/** True while any process of the service's group is alive. */
function groupAlive(service: Service): boolean {
  try {
    process.kill(-service.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a service: SIGTERM to its process group, then waits until the whole group has exited (a
 * leader such as npm may exit before the hub under it has closed its databases); whatever is still
 * alive after `graceMs` (5 s) gets SIGKILL.
 */
export async function stopService(service: Service, graceMs = 5000): Promise<void> {
  const deadline = Date.now() + graceMs;
  signalGroup(service, 'SIGTERM');
  while (groupAlive(service) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (groupAlive(service)) signalGroup(service, 'SIGKILL');
  if (service.child.exitCode === null && service.child.signalCode === null) {
    await new Promise((resolve) => service.child.once('exit', resolve));
  }
}

/**
 * Polls `probe` every `everyMs` (100 ms) until it resolves true; rejects after `withinMs` or as soon as the
 * service exits, with the tail of its output.
 */
export async function waitUntil(service: Service, probe: () => Promise<boolean>, withinMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(`${service.name} exited (${service.child.exitCode ?? service.child.signalCode}) before it answered:\n${service.output()}`);
    }
    try {
      if (await probe()) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} did not answer within ${withinMs / 1000} s:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Registers a temporary folder, removed at cleanup. */
export function removeAtExit(folder: string): string {
  folders.add(folder);
  return folder;
}

/** Registers an asynchronous cleanup (e.g. dropping databases), run after the services stop. */
export function atCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/** Stops every service still running, runs the registered cleanups, removes the folders. Never throws. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...services].map((service) => stopService(service)));
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
}

function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping every process of the bench and removing its folders…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  // Last resort when the bench dies another way: no group may survive it.
  process.on('exit', () => {
    for (const service of services) signalGroup(service, 'SIGKILL');
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
}
