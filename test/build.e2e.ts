import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-if-stale.mjs');

/**
 * A stand-in for `node_modules/typescript/bin/tsc`: counts its runs in tsc-runs.txt, "compiles"
 * main.ts and src/*.ts into dist/, prints them as `--listFiles` does, and fails like tsc on a
 * source containing "forty-two". It keeps these tests at a fraction of a second each.
 */
const FAKE_TSC = `
const fs = require('node:fs');
const path = require('node:path');
const root = process.cwd();
fs.appendFileSync(path.join(root, 'tsc-runs.txt'), 'run\\n');
const sources = ['main.ts', ...fs.readdirSync(path.join(root, 'src')).map((name) => 'src/' + name)];
for (const source of sources) {
  if (fs.readFileSync(path.join(root, source), 'utf8').includes('forty-two')) {
    console.log(source + "(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    process.exit(2);
  }
}
for (const source of sources) {
  const out = path.join(root, 'dist', source.replace(/\\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, '');
  console.log(path.join(root, source));
}
`;

/** Writes a tiny project (tsconfig files, package.json, two sources) into a new temporary folder. */
function createFixture(typescript: 'fake' | 'real'): string {
  const project = mkdtempSync(path.join(tmpdir(), 'osm-hub-build-'));
  const file = (name: string) => path.join(project, name);
  mkdirSync(file('src'));
  if (typescript === 'real') {
    mkdirSync(file('node_modules'));
    symlinkSync(path.join(ROOT, 'node_modules', 'typescript'), file('node_modules/typescript'), 'dir');
  } else {
    mkdirSync(file('node_modules/typescript/bin'), { recursive: true });
    writeFileSync(file('node_modules/typescript/bin/tsc'), FAKE_TSC);
  }
  writeFileSync(file('package.json'), '{ "name": "build-if-stale-fixture", "private": true }\n');
  writeFileSync(
    file('tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', rootDir: '.', outDir: 'dist', strict: true, types: [] } }),
  );
  writeFileSync(file('tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src', 'main.ts'], exclude: ['**/*.test.ts'] }));
  writeFileSync(file('main.ts'), "import { answer } from './src/answer';\nexport const doubled = answer * 2;\n");
  writeFileSync(file('src/answer.ts'), 'export const answer: number = 42;\n');
  for (const name of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'main.ts', 'src/answer.ts']) {
    const old = new Date(Date.now() - 60_000);
    utimesSync(file(name), old, old);
  }
  return project;
}

/** Runs scripts/build-if-stale.mjs --verbose on `project`. */
function buildIfStale(project: string) {
  const result = spawnSync(process.execPath, [SCRIPT, '--verbose'], { env: { ...process.env, BUILD_IF_STALE_ROOT: project }, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/**
 * scripts/build-if-stale.mjs on a tiny project of its own, so the real dist/ is never touched.
 * `npm start`, `npm run token` and the db:/schema:/operations: scripts run it before using dist/.
 */
describe('build-if-stale (the scripts build only when a source changed)', () => {
  let project: string;
  const file = (name: string) => path.join(project, name);
  const tscRuns = () => (existsSync(file('tsc-runs.txt')) ? readFileSync(file('tsc-runs.txt'), 'utf8').split('\n').length - 1 : 0);
  const run = () => buildIfStale(project);
  /** Sets a file's mtime `seconds` from now (the stamp compares mtimes with the build's start). */
  const age = (name: string, seconds: number) => {
    const time = new Date(Date.now() + seconds * 1000);
    utimesSync(file(name), time, time);
  };

  beforeAll(() => {
    project = createFixture('fake');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('builds when dist/ was never built, and writes a stamp', () => {
    const first = run();
    expect(first).toMatchObject({ status: 0, stdout: '' });
    expect(first.stderr).toContain('building (dist/ has not been built)');
    expect(tscRuns()).toBe(1);
    expect(existsSync(file('dist/main.js'))).toBe(true);
    expect(JSON.parse(readFileSync(file('dist/.build-stamp.json'), 'utf8')).files).toEqual(['main.ts', 'src/answer.ts']);
  });

  it('does not run tsc again when nothing changed: dist/ and the stamp are untouched', () => {
    const before = [statSync(file('dist/.build-stamp.json')).mtimeMs, statSync(file('dist/main.js')).mtimeMs];
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stderr.trim()).toBe('build-if-stale: dist/ is up to date');
    expect(tscRuns()).toBe(1);
    // Not running tsc is what makes it fast; how fast is measured, not timed here (README: token ≈ 0.8 s).
    expect([statSync(file('dist/.build-stamp.json')).mtimeMs, statSync(file('dist/main.js')).mtimeMs]).toEqual(before);
  });

  it('rebuilds when a source changed, and only then', () => {
    age('src/answer.ts', 0);
    expect(run().stderr).toContain('building (src/answer.ts changed)');
    expect(run().stderr).toContain('up to date');
    expect(tscRuns()).toBe(2);
  });

  it('rebuilds when a source is new, even with an old mtime (a file moved in)', () => {
    writeFileSync(file('src/extra.ts'), 'export const extra = 1;\n');
    age('src/extra.ts', -3600);
    expect(run().stderr).toContain('building (src/extra.ts is new)');
    expect(tscRuns()).toBe(3);
  });

  it('rebuilds when package.json or a tsconfig changed, or dist/ was deleted', () => {
    age('package.json', 0);
    expect(run().stderr).toContain('building (package.json changed)');
    age('tsconfig.build.json', 0);
    expect(run().stderr).toContain('building (tsconfig.build.json changed)');
    rmSync(file('dist'), { recursive: true });
    expect(run().stderr).toContain('building (dist/ has not been built)');
    expect(tscRuns()).toBe(6);
  });

  it('fails like tsc on a type error, and builds again next time', () => {
    writeFileSync(file('src/answer.ts'), "export const answer: number = 'forty-two';\n");
    const failed = run();
    expect(failed.status).toBe(2);
    expect(failed.stdout).toContain('TS2322');
    expect(existsSync(file('dist/.build-stamp.json'))).toBe(false);
    expect(run().stderr).toContain('building (no build stamp)');
    expect(tscRuns()).toBe(8);
  });
});

describe('build-if-stale --run (npm start: the check and the hub in one Node process)', () => {
  let project: string;
  const file = (name: string) => path.join(project, name);
  const start = (...args: string[]) => {
    const result = spawnSync(process.execPath, [SCRIPT, '--run', 'dist/main.js', ...args], { env: { ...process.env, BUILD_IF_STALE_ROOT: project }, encoding: 'utf8' });
    return { status: result.status, pid: result.pid, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(() => {
    project = createFixture('fake');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('builds first, then runs the entry in the same process with the arguments after it, and exits with its status', () => {
    // The fake tsc writes an empty dist/main.js: the first start builds and runs it (nothing to do).
    const first = start();
    expect(first).toMatchObject({ status: 0, stdout: '' });
    expect(first.stderr).toContain('building (dist/ has not been built)');
    // An entry that reports what it sees (dist/ is up to date: its sources are unchanged).
    writeFileSync(file('dist/main.js'), 'console.log(JSON.stringify({ argv: process.argv.slice(2), pid: process.pid })); process.exitCode = 3;\n');
    const second = start('gateway', '--port', '4100');
    expect(second.stderr).toBe('');
    expect(second.status).toBe(3);
    expect(JSON.parse(second.stdout)).toEqual({ argv: ['gateway', '--port', '4100'], pid: second.pid });
  });

  it('does not run the entry when the build fails, and exits with tsc\'s status', () => {
    writeFileSync(file('src/answer.ts'), "export const answer: number = 'forty-two';\n");
    const failed = start();
    expect(failed.status).toBe(2);
    expect(failed.stdout).toContain('TS2322');
    expect(failed.stdout).not.toContain('argv');
  });

  it('refuses --run without a file', () => {
    const result = spawnSync(process.execPath, [SCRIPT, '--run'], { env: { ...process.env, BUILD_IF_STALE_ROOT: project }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--run needs the file to run');
  });
});

describe('build-if-stale with the real TypeScript compiler', () => {
  let project: string;
  beforeAll(() => {
    project = createFixture('real');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('compiles, records the sources tsc read, and then finds dist/ up to date', () => {
    expect(buildIfStale(project)).toMatchObject({ status: 0, stdout: '' });
    expect(existsSync(path.join(project, 'dist', 'src', 'answer.js'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(project, 'dist', '.build-stamp.json'), 'utf8')).files).toEqual(['main.ts', 'src/answer.ts']);
    expect(buildIfStale(project).stderr.trim()).toBe('build-if-stale: dist/ is up to date');
  });
});
