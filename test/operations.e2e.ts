import { createTestStorage, type TestStorage } from './support/databases';
import { TEST_JWT_SECRET, signToken } from './support/hub';
import { ensureBuilt, startProcess, stop } from './support/processes';

/** What `node dist/main.js` writes, as an operator's terminal or log collector sees it. */
describe('the hub process\'s log output', () => {
  let dataDir: string;
  let storage: TestStorage;
  beforeAll(async () => {
    await ensureBuilt();
    // The run's migrated template (process.e2e.ts covers a first start on an empty folder).
    storage = await createTestStorage('pglite', { builtHub: true });
    dataDir = storage.dataDir;
  });
  afterAll(() => storage?.remove());

  it('writes only JSON lines when its output is not a terminal, with one request id across the services', async () => {
    const { child, gatewayUrl, output } = await startProcess({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, SEED_SAMPLE_DATA: 'false' });
    try {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'e2e-logs-1' },
        body: JSON.stringify({ query: 'query ClusterBudget { cluster(code: "N1") { code budget(fiscalYear: 2569) { projectCount } } }' }),
      });
      expect(response.headers.get('x-request-id')).toBe('e2e-logs-1');
      await response.json();
      expect(await stop(child, 'SIGTERM')).toBe(0);

      const lines = output()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => String(line.msg).startsWith('ready in'))).toMatchObject({ level: 'info' });
      const request = lines.filter((line) => line.requestId === 'e2e-logs-1');
      expect(request.find((line) => line.service === 'gateway')).toMatchObject({ operationName: 'ClusterBudget', status: 200 });
      expect(request.map((line) => line.service)).toEqual(expect.arrayContaining(['gateway', 'strategy', 'budget']));
      expect(output()).not.toContain(token);
      expect(output()).not.toContain(TEST_JWT_SECRET);
    } finally {
      if (child.exitCode === null) await stop(child, 'SIGKILL');
    }
  });

  it('writes readable lines with LOG_FORMAT=pretty', async () => {
    const { child, output } = await startProcess({ PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'pretty', SEED_SAMPLE_DATA: 'false' });
    expect(await stop(child, 'SIGINT')).toBe(0);
    const lines = output().split('\n').filter((line) => line.trim() !== '');
    expect(lines.some((line) => line.trimStart().startsWith('{'))).toBe(false);
    expect(output()).toMatch(/INFO: gateway +http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(output()).toMatch(/INFO: ready in [\d.]+ s\. Ctrl-C stops\./);
    expect(output()).toContain('SIGINT: closing servers and databases');
  });
});
