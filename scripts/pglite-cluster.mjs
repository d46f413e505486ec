// Makes, at install, the initialised empty PGlite cluster a first start copies into each new
// subgraph folder (kit/first-start.ts), so that `npm start` on a new machine does not run initdb.
//
// Why: PGlite runs PostgreSQL's initdb in WebAssembly, several seconds of CPU that give the same
// empty cluster every time. It is made here once, with the PGlite the project installed, under
// node_modules/.cache/osm-hub/pglite-<version>/ (a new version makes a new one). Nothing is
// downloaded. If this fails, the hub still starts: it then runs initdb at its first start.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  const { version } = JSON.parse(readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'));
  const home = path.join(root, 'node_modules', '.cache', 'osm-hub', `pglite-${version}`);
  if (existsSync(path.join(home, 'complete'))) {
    console.log(`empty PGlite cluster: already made (${path.relative(root, home)})`);
  } else {
    mkdirSync(path.dirname(home), { recursive: true });
    // Made beside its final place, then renamed into it: an install cut short leaves no half-made cluster.
    const staged = mkdtempSync(`${home}.making-`);
    try {
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = new PGlite(path.join(staged, 'pgdata'));
      await pglite.waitReady;
      await pglite.close();
      writeFileSync(path.join(staged, 'complete'), `${new Date().toISOString()}\n`);
      rmSync(home, { recursive: true, force: true });
      renameSync(staged, home);
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
    console.log(`empty PGlite cluster: made (${path.relative(root, home)})`);
  }
} catch (error) {
  console.warn(`empty PGlite cluster: not made (${error?.message ?? error}); the first npm start will run initdb instead.`);
}
