import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postGraphQL } from './support/hub';

const ROOT = path.resolve(__dirname, '..');

/** Starts `node dist/main.js` as `npm start` does and waits for its "ready" line. */
function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; gatewayUrl: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`hub not ready after 60 s:\n${output}`)), 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const gateway = /gateway\s+(http:\/\/\S+\/graphql)/.exec(output);
      if (gateway && output.includes('ready in')) {
        clearTimeout(timer);
        resolve({ child, gatewayUrl: gateway[1], output: () => output });
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

describe('npm start (the built hub in its own process)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-process-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on embedded PGlite with no configuration, answers, and closes cleanly on SIGINT', async () => {
    const { child, gatewayUrl, output } = await startProcess({ PORT: '0', DATA_DIR: dataDir });
    const { data } = await postGraphQL(gatewayUrl, '{ clusters { code } provinces { code } }');
    expect(data?.clusters).toHaveLength(18);
    expect(data?.provinces).toHaveLength(77);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toContain('SIGINT: closing servers and databases');
  });

  it('refuses to start one subgraph alone without the shared internal secret, naming the variable', () => {
    const result = spawnSync(process.execPath, ['dist/main.js', 'budget'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, HUB_INTERNAL_SECRET: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HUB_INTERNAL_SECRET is required');
  });

  it('prints a development token that the gateway accepts for the named cluster', async () => {
    const token = spawnSync(process.execPath, ['dist/scripts/token.js', '--role', 'osm-staff', '--cluster', 'n3'], {
      cwd: ROOT,
      env: { ...process.env, JWT_SECRET: '' },
      encoding: 'utf8',
    });
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { child, gatewayUrl } = await startProcess({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: '' });
    try {
      const mutation = `mutation($c: String!) { createProject(input: { clusterCode: $c, fiscalYear: 2569, nameTh: "โครงการทดสอบ", amountBaht: "1" }) { id } }`;
      const own = await postGraphQL(gatewayUrl, mutation, { token: token.stdout.trim(), variables: { c: 'N3' } });
      expect(own.errors).toBeUndefined();
      const other = await postGraphQL(gatewayUrl, mutation, { token: token.stdout.trim(), variables: { c: 'N4' } });
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
