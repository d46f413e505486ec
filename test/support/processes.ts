import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { oncePerRun } from './run';

export { freePort } from '../../kit/http';

/** The project root, where `dist/` is built. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The environment a user's shell would give: Jest's NODE_ENV=test changes library behaviour (e.g. Apollo's signal handlers). */
const { NODE_ENV: _jestNodeEnv, ...userEnv } = process.env;
export const USER_ENV: NodeJS.ProcessEnv = userEnv;

/**
 * Brings `dist/` up to date once per test run, before the first e2e test that runs the built hub
 * or scripts; every `*.e2e.ts` suite awaits it in `beforeAll`. It runs what `npm start` runs first,
 * `scripts/build-if-stale.mjs` (tsc when any source changed since the last build; under `npm test`
 * the pretest's `schema:check` has just built), or `tsc -p tsconfig.build.json` where that script
 * is absent. A failed build fails the suite with tsc's output.
 */
export function ensureBuilt(): Promise<void> {
  return oncePerRun('build', async () => {
    const script = path.join(ROOT, 'scripts', 'build-if-stale.mjs');
    const args = existsSync(script) ? [script] : [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'];
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, args, { cwd: ROOT, env: USER_ENV, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`building dist/ failed (${error.message}):\n${stdout}${stderr}`)) : resolve(),
      ),
    );
  });
}

/**
 * Sends `signal` and resolves with the exit code. A process still alive after 15 s is killed
 * with SIGKILL and the promise rejects, so a shutdown hang fails the test instead of hanging CI.
 */
export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process ${child.pid} did not exit within 15 s of ${signal}`));
    }, 15000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill(signal);
  });
}


/**
 * Starts `node dist/main.js [role]` as `npm start` does and waits for its "ready" line, killing
 * the process and rejecting after `readyWithinMs` (60 s by default).
 */
export function startProcess(
  env: Record<string, string>,
  role?: string,
  readyWithinMs = 60_000,
): Promise<{ child: ChildProcess; gatewayUrl: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const args = role ? ['dist/main.js', role] : ['dist/main.js'];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...USER_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub not ready after ${readyWithinMs / 1000} s:\n${output}`));
    }, readyWithinMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const gateway = /gateway\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (/\bready in \d/.test(output)) {
        clearTimeout(timer);
        resolve({ child, gatewayUrl: gateway?.[1] ?? '', output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before it was ready:\n${output}`));
    });
  });
}
