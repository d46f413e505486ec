import diagnosticsChannel from 'node:diagnostics_channel';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import semver from 'semver';
import clustersFile from '../prisma/strategy/seed/clusters.json';
import { CLUSTER_CODES } from '../kit/clusters';
import { ErrorCode } from '../kit/errors';
import { bangkokDays } from '../kit/fiscal';
import { createApolloGateway } from '../kit/apollo-gateway';
import { authorizeClusterWrite, PUBLIC_IDENTITY, type Identity } from '../kit/identity';
import { createLogger } from '../kit/logger';
import { recordDateRange } from '../kit/validate';
import { Prisma } from '../subgraphs/participation/generated/prisma/client';
import { SUBGRAPHS } from '../subgraphs/registry';

const ROOT = path.resolve(__dirname, '..');

/** The error code `action` throws with, or a note that it threw nothing. */
function codeOf(action: () => unknown): unknown {
  try {
    action();
    return 'no error';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
}

/** Every TypeScript source file under `dir`, generated Prisma clients excepted. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'generated' ? [] : sourcesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('the dependencies', () => {
  it('all support every Node version the project promises, so npm install prints no engine warning', () => {
    const project = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const oldest = semver.minVersion(project.engines.node)?.version as string;
    expect(oldest).toBe('20.19.0');
    const refusing = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => ![oldest, process.version].every((version) => semver.satisfies(version, (entry.engines as { node: string }).node)))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')} wants node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});

describe('the gateway', () => {
  it('sends nothing to Apollo or to cloud metadata servers: every socket it opens is to the machine itself', async () => {
    const opened: string[] = [];
    const onSocket = (message: unknown) => {
      const socket = (message as { socket: Socket }).socket;
      socket.once('lookup', (_error, address: string) => opened.push(address));
      socket.once('connect', () => opened.push(socket.remoteAddress ?? '?'));
      opened.push('socket');
    };
    diagnosticsChannel.subscribe('net.client.socket', onSocket);
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    const supergraphSdl = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = createApolloGateway({ supergraphSdl, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    try {
      await gateway.load();
      // Apollo's cloud detectors and metric exporter start on construction; give them time to dial.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await gateway.stop();
      diagnosticsChannel.unsubscribe('net.client.socket', onSocket);
    }
    expect(opened).toEqual([]);
  });
});

describe('the shared kit', () => {
  it("keeps the 18 cluster codes equal to the strategy subgraph's seed", () => {
    expect([...CLUSTER_CODES].sort()).toEqual(clustersFile.clusters.map((cluster) => cluster.code).sort());
  });

  it("lets no code outside the strategy subgraph read strategy's files", () => {
    const outside = [...sourcesUnder(path.join(ROOT, 'kit')), ...sourcesUnder(path.join(ROOT, 'gateway'))];
    for (const name of ['budget', 'monitoring', 'participation']) outside.push(...sourcesUnder(path.join(ROOT, 'subgraphs', name)));
    const offenders = outside.filter((file) => /from '[^']*(prisma\/strategy|subgraphs\/strategy|\.\.\/strategy)\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
  });

  it('names every subgraph once, under its own name', () => {
    expect(Object.entries(SUBGRAPHS).map(([key, definition]) => [key, definition.name])).toEqual([
      ['strategy', 'strategy'],
      ['budget', 'budget'],
      ['monitoring', 'monitoring'],
      ['participation', 'participation'],
    ]);
  });

  describe('authorizeClusterWrite', () => {
    const staffOfN1: Identity = { role: 'osm-staff', subject: 'somchai', clusterCode: 'N1' };

    it('lets OSM staff write their own cluster, read from loose input, and records them as author', () => {
      expect(authorizeClusterWrite(staffOfN1, ' n1 ')).toEqual({ clusterCode: 'N1', author: 'somchai' });
    });

    it('lets an admin write any cluster, recorded by role when the token names no subject', () => {
      expect(authorizeClusterWrite({ role: 'admin' }, 'S3')).toEqual({ clusterCode: 'S3', author: 'admin' });
    });

    it('refuses staff of another cluster, the public and readers with the codes clients branch on', () => {
      expect(codeOf(() => authorizeClusterWrite(staffOfN1, 'N2'))).toBe(ErrorCode.FORBIDDEN);
      expect(codeOf(() => authorizeClusterWrite(PUBLIC_IDENTITY, 'N1'))).toBe(ErrorCode.UNAUTHENTICATED);
      expect(codeOf(() => authorizeClusterWrite({ role: 'agency', agencyCode: 'NESDC' }, 'N1'))).toBe(ErrorCode.FORBIDDEN);
    });

    it('refuses a cluster that does not exist before any rights check, naming the input field', () => {
      let error: unknown;
      try {
        authorizeClusterWrite(PUBLIC_IDENTITY, 'N9', 'input.clusterCode');
      } catch (caught) {
        error = caught;
      }
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.clusterCode' });
      expect((error as Error).message).toContain('input.clusterCode must be one of N1, N2');
    });
  });

  it('logs a database error by kind, code and origin, never by the values its message quotes', () => {
    let written = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const logger = createLogger({ level: 'info', format: 'json', destination });
    const citizen = 'นายสมชาย ใจดี 0812345678 somchai@example.co.th';
    logger.error({ err: new Prisma.PrismaClientValidationError(`Invalid prisma.hearing.create() invocation: { titleTh: "${citizen}" }`, { clientVersion: '7' }) }, 'internal error');
    logger.error(
      { err: new Prisma.PrismaClientKnownRequestError(`Unique constraint failed: Key (email)=(somchai@example.co.th) already exists.`, { code: 'P2002', clientVersion: '7' }) },
      'internal error',
    );
    logger.error({ err: new Error('a plain error keeps its message') }, 'internal error');
    const lines = written.trim().split('\n').map((line) => JSON.parse(line) as { err: { type: string; code?: string; message: string; stack: string } });
    expect(lines.map((line) => [line.err.type, line.err.code])).toEqual([
      ['PrismaClientValidationError', undefined],
      ['PrismaClientKnownRequestError', 'P2002'],
      ['Error', undefined],
    ]);
    expect(lines[0].err.stack).toMatch(/^\s+at /);
    expect(written).not.toMatch(/สมชาย|0812345678|somchai@example/);
    expect(lines[2].err.message).toBe('a plain error keeps its message');
  });

  it('dates a record from a fixed first day to some years after today', () => {
    expect(recordDateRange('2007-01-01', 5, new Date('2026-11-25T10:00:00Z'))).toEqual({ min: '2007-01-01', max: '2031-11-25' });
  });
});

describe('Bangkok calendar days in filters', () => {
  it('turns a range of Bangkok dates into instants, both days whole (UTC+7, no daylight saving)', () => {
    expect(bangkokDays('2026-01-28', '2026-01-28', { from: 'from', to: 'to' })).toEqual({
      gte: new Date('2026-01-27T17:00:00.000Z'),
      lt: new Date('2026-01-28T17:00:00.000Z'),
    });
    expect(bangkokDays(null, '2026-12-31', { from: 'from', to: 'to' })).toEqual({ lt: new Date('2026-12-31T17:00:00.000Z') });
    expect(bangkokDays(undefined, null, { from: 'from', to: 'to' })).toBeNull();
  });

  it('refuses an end before the start, and a malformed or Buddhist Era date, naming the field', () => {
    expect(() => bangkokDays('2026-02-01', '2026-01-31', { from: 'filter.postedFrom', to: 'filter.postedTo' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.postedTo' }) }),
    );
    expect(() => bangkokDays('2569-01-31', null, { from: 'filter.postedFrom', to: 'filter.postedTo' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'filter.postedFrom' }) }),
    );
  });
});
