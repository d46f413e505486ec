// Runs `tsc -p tsconfig.build.json` only when dist/ is older than its sources.
//
// Why: `npm start`, `npm run token` and the db:/schema:/operations: scripts all need dist/, and a
// full tsc takes 5–20 s even when nothing changed. This script makes the no-change case cost a few
// milliseconds of `stat` calls, with no dependency beyond Node.
//
// How: after a successful build it writes dist/.build-stamp.json with the time the build started
// and every project file tsc read (from `--listFiles`: sources, the generated Prisma clients, the
// JSON files they import). The next run rebuilds when any of these holds:
//   - there is no stamp, or dist/main.js is missing;
//   - a recorded file, tsconfig*.json, package.json or package-lock.json changed after the build
//     started, or a recorded file is gone;
//   - a TypeScript file under tsconfig.build.json's `include` is new (not in the stamp).
// A failed build removes the stamp, so the next run builds again.
//
// Usage: node scripts/build-if-stale.mjs [--force] [--verbose] [--run <file> [arguments…]]
//   --force    build even when up to date, and write the stamp (`npm run build`, so that a build
//              made by it, e.g. in the Dockerfile, counts as up to date for the other scripts)
//   --verbose  say "up to date" when no build is needed (silent otherwise)
//   --run      then run <file> (e.g. dist/main.js) in this process, with the arguments after it as
//              its own (process.argv[2] on): `npm start` starts one Node process instead of two
//              (a `prestart` and the hub), 70-80 ms less before the hub starts
// Exit status: 0 when dist/ is up to date or the build succeeded; tsc's status when it failed
// (and <file> is not run); with --run, whatever <file> exits with.
// Messages go to stderr, so `TOKEN=$(npm run -s token …)` captures only the token.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = process.env.BUILD_IF_STALE_ROOT
  ? path.resolve(process.env.BUILD_IF_STALE_ROOT)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROJECT = 'tsconfig.build.json';
const CONFIG_FILES = ['tsconfig.json', PROJECT, 'package.json', 'package-lock.json'];
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.data', 'coverage']);

const argv = process.argv.slice(2);
const runAt = argv.indexOf('--run');
const args = new Set(runAt === -1 ? argv : argv.slice(0, runAt));
const run = runAt === -1 ? undefined : argv[runAt + 1];
if (runAt !== -1 && !run) {
  console.error('build-if-stale: --run needs the file to run, e.g. --run dist/main.js');
  process.exit(2);
}
const distDir = path.join(root, 'dist');
const stampPath = path.join(distDir, '.build-stamp.json');

/** mtime in ms, or undefined when the file does not exist. */
function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** tsconfig.build.json's `include` and `exclude` (plain JSON in this project). */
function readProject() {
  const config = JSON.parse(readFileSync(path.join(root, PROJECT), 'utf8'));
  return { include: config.include ?? [], exclude: config.exclude ?? [] };
}

/** True when `relative` (a project-relative path) matches one of the `exclude` entries we understand. */
function excluded(relative, exclude) {
  return exclude.some((pattern) => {
    if (pattern.startsWith('**/*')) return relative.endsWith(pattern.slice(4));
    return relative === pattern || relative.startsWith(`${pattern}/`);
  });
}

/** Every TypeScript file under the `include` entries, as project-relative paths. */
function includedSources() {
  const { include, exclude } = readProject();
  const found = [];
  const walk = (relative) => {
    if (excluded(relative, exclude)) return;
    const full = path.join(root, relative);
    let entries;
    try {
      entries = readdirSync(full, { withFileTypes: true });
    } catch {
      if (SOURCE.test(relative) && existsSync(full)) found.push(relative);
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(`${relative}/${entry.name}`);
      } else if (SOURCE.test(entry.name)) {
        const file = `${relative}/${entry.name}`;
        if (!excluded(file, exclude)) found.push(file);
      }
    }
  };
  for (const entry of include) walk(entry.replace(/\/+$/, ''));
  return found;
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
function staleReason() {
  if (!existsSync(path.join(distDir, 'main.js'))) return 'dist/ has not been built';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return 'no build stamp';
  }
  if (typeof stamp.startedAt !== 'number' || !Array.isArray(stamp.files)) return 'unreadable build stamp';
  for (const file of [...CONFIG_FILES, ...stamp.files]) {
    const time = mtime(path.join(root, file));
    if (time === undefined) {
      if (CONFIG_FILES.includes(file)) continue;
      return `${file} was removed`;
    }
    if (time > stamp.startedAt) return `${file} changed`;
  }
  const known = new Set(stamp.files);
  const added = includedSources().find((file) => !known.has(file));
  if (added) return `${added} is new`;
  return null;
}

/** Runs tsc with --listFiles; on success writes the stamp. Returns tsc's exit status. */
function build() {
  const startedAt = Date.now();
  rmSync(stampPath, { force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', PROJECT, '--listFiles'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const files = [];
  const other = [];
  for (const line of (result.stdout ?? '').split(/\r?\n/)) {
    if (!line) continue;
    const relative = path.isAbsolute(line) ? path.relative(root, line) : undefined;
    if (relative !== undefined && existsSync(line)) {
      // Files inside the project (not node_modules or the lib .d.ts files) decide staleness.
      if (!relative.startsWith('..') && !relative.split(path.sep).includes('node_modules')) files.push(relative.split(path.sep).join('/'));
    } else {
      other.push(line);
    }
  }
  if (other.length > 0) process.stdout.write(`${other.join('\n')}\n`);
  if (result.status !== 0) return result.status ?? 1;
  const temporary = `${stampPath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ startedAt, files: files.sort() })}\n`);
  renameSync(temporary, stampPath);
  return 0;
}

const reason = args.has('--force') ? 'forced' : staleReason();
if (reason === null) {
  if (args.has('--verbose')) console.error('build-if-stale: dist/ is up to date');
} else {
  console.error(`build-if-stale: building (${reason})`);
  const status = build();
  if (status !== 0) process.exit(status);
}
if (run !== undefined) {
  const entry = path.resolve(root, run);
  process.argv = [process.argv[0], entry, ...argv.slice(runAt + 2)];
  await import(pathToFileURL(entry).href);
} else {
  process.exit(0);
}
