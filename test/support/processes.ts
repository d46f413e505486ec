import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The project root, where `dist/` is built. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** The environment a user's shell would give: Jest's NODE_ENV=test changes library behaviour (e.g. Apollo's signal handlers). */
const { NODE_ENV: _jestNodeEnv, ...userEnv } = process.env;
export const USER_ENV: NodeJS.ProcessEnv = userEnv;

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

/** A free TCP port on loopback (the kernel picks it; it is released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node dist/main.js [role]` as `npm start` does and waits for its "ready" line. */
export function startProcess(
  env: Record<string, string>,
  role?: string,
): Promise<{ child: ChildProcess; gatewayUrl: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const args = role ? ['dist/main.js', role] : ['dist/main.js'];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...USER_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub not ready after 60 s:\n${output}`));
    }, 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const gateway = /gateway\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (output.includes('ready in')) {
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
