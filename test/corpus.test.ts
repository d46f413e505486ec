import { SignJWT } from 'jose';
import { IDENTITY_HEADER } from '../kit/identity';
import { GATEWAY_ENGINES } from './support/databases';
import { signToken, startTestHub, TEST_JWT_SECRET, type TestHub } from './support/hub';
import type { PrismaClient as ParticipationClient } from '../subgraphs/participation/generated/prisma/client';

/**
 * The hostile-client corpus: more than 200 requests an attacker or a careless client would send,
 * through the gateway over real HTTP. For every one: no 5xx, no masked internal error for a
 * client mistake, no internals (paths, SQL, URLs, stack traces) in the answer, no message longer
 * than the hub's limit, the expected code, and — for writes — nothing stored that was refused
 * and no write the client was not told about.
 */

type Token = 'none' | 'staff' | 'admin' | (() => Promise<string>);

interface Case {
  readonly name: string;
  /** A GraphQL operation (sent as JSON), or a raw request. */
  readonly query?: string;
  readonly variables?: unknown;
  readonly operationName?: string;
  readonly raw?: { method?: string; body?: string; headers?: Record<string, string>; search?: string };
  readonly token?: Token;
  readonly headers?: Record<string, string>;
  /** Expected HTTP status (default: any below 500). */
  readonly status?: number;
  /** Expected `extensions.code` of the first error, or `null` for no errors. */
  readonly code?: string | null;
  /** For mutations: the rows N1 should have gained (default 0: a refused write stores nothing). */
  readonly writes?: number;
  /** Extra checks on the parsed answer. */
  readonly check?: (body: Answer) => void;
}

interface Answer {
  status: number;
  text: string;
  json?: { data?: Record<string, any> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, any> }[] };
}

const CREATE_PROJECT = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id amountBaht nameTh nameEn } }';
const RAISE_ALERT = 'mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id titleTh detailTh } }';
const SCHEDULE_HEARING = 'mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id titleTh venueTh heldOn } }';

const project = (overrides: Record<string, unknown>) => ({ clusterCode: 'N1', fiscalYear: 2569, nameTh: 'โครงการทดสอบ', amountBaht: '1000', ...overrides });
const alert = (overrides: Record<string, unknown>) => ({ clusterCode: 'N1', severity: 'WARNING', titleTh: 'ทดสอบการแจ้งเตือน', ...overrides });
const hearing = (overrides: Record<string, unknown>) => ({ clusterCode: 'N1', titleTh: 'รับฟังความคิดเห็น', heldOn: '2026-12-15', ...overrides });

/** 30,000 Thai characters (90 KB in UTF-8): under the body limit, far over every field's limit. */
const LONG = 'ก'.repeat(30_000);
const nested = (depth: number): unknown => (depth === 0 ? 'x' : [nested(depth - 1)]);
const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const chain = (levels: number) => {
  let inner = 'code';
  for (let i = 0; i < levels; i += 1) inner = `leadProvinceClaim { province { cluster { ${inner} } } }`;
  return `{ cluster(code: "N1") { ${inner} } }`;
};
const fanOut = (levels: number) => {
  let inner = 'code';
  for (let i = 0; i < levels; i += 1) inner = `provinces { cluster { ${inner} } }`;
  return `{ clusters { ${inner} } }`;
};

const rawToken = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('10m')) => async () =>
  build(new SignJWT(claims as never).setProtectedHeader({ alg: 'HS256' }).setIssuedAt()).sign(new TextEncoder().encode(TEST_JWT_SECRET));

// ---------------------------------------------------------------------------------------------
const http: Case[] = [
  { name: 'GET without a query', raw: { method: 'GET', headers: { accept: 'application/json' } }, status: 400 },
  { name: 'GET with a mutation', raw: { method: 'GET', search: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': '1' } }, status: 405 },
  { name: 'GET with a query', raw: { method: 'GET', search: `?query=${encodeURIComponent('{ clusters { code } }')}`, headers: { accept: 'application/json' } }, status: 200, code: null },
  { name: 'GET with a query and variables', raw: { method: 'GET', search: `?query=${encodeURIComponent('query($c: String!) { cluster(code: $c) { code } }')}&variables=${encodeURIComponent('{"c":"N1"}')}`, headers: { accept: 'application/json' } }, status: 200, code: null },
  { name: 'GET with variables that are not JSON', raw: { method: 'GET', search: `?query=${encodeURIComponent('{ clusters { code } }')}&variables=%7B`, headers: { accept: 'application/json' } }, status: 400 },
  { name: 'GET with a query and a preflight header', raw: { method: 'GET', search: `?query=${encodeURIComponent('{ clusters { code } }')}`, headers: { 'apollo-require-preflight': '1' } }, status: 200, code: null },
  { name: 'POST with an empty body', raw: { body: '' }, status: 400 },
  { name: 'POST with a body that is not JSON', raw: { body: '{"query": "{ clusters' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'POST with a JSON array (batch)', raw: { body: '[{"query":"{ clusters { code } }"}]' }, status: 400 },
  { name: 'POST with a JSON string', raw: { body: '"{ clusters { code } }"' }, status: 400 },
  { name: 'POST with a JSON number', raw: { body: '42' }, status: 400 },
  { name: 'POST with JSON null', raw: { body: 'null' }, status: 400 },
  { name: 'POST with a query that is a number', raw: { body: '{"query": 42}' }, status: 400 },
  { name: 'POST with a query that is an object', raw: { body: '{"query": {"a": 1}}' }, status: 400 },
  { name: 'POST with variables that are a string', raw: { body: '{"query": "{ clusters { code } }", "variables": "x"}' }, status: 400 },
  { name: 'POST with variables that are an array', raw: { body: '{"query": "{ clusters { code } }", "variables": [1]}' }, status: 400 },
  { name: 'POST with an operationName that is a number', raw: { body: '{"query": "{ clusters { code } }", "operationName": 5}' }, status: 400 },
  { name: 'POST with extensions that are a string', raw: { body: '{"query": "{ clusters { code } }", "extensions": "x"}' }, status: 400 },
  { name: 'POST as text/plain', raw: { body: '{"query": "{ clusters { code } }"}', headers: { 'content-type': 'text/plain' } }, status: 400 },
  { name: 'POST with no content type', raw: { body: '{"query": "{ clusters { code } }"}', headers: { 'content-type': '' } }, status: 400 },
  { name: 'POST with a body over the size limit', raw: { body: JSON.stringify({ query: `{ clusters { code } } # ${'x'.repeat(200_000)}` }) }, status: 413, code: 'REQUEST_TOO_LARGE' },
  { name: 'POST with a latin-1 charset', raw: { body: '{"query": "{ clusters { code } }"}', headers: { 'content-type': 'application/json; charset=latin1' } }, status: 415 },
  { name: 'PUT', raw: { method: 'PUT', body: '{"query": "{ clusters { code } }"}' }, status: 405 },
  { name: 'DELETE', raw: { method: 'DELETE' }, status: 405 },
  { name: 'PATCH', raw: { method: 'PATCH', body: '{}' }, status: 405 },
  { name: 'an unknown operationName', query: 'query A { clusters { code } }', operationName: 'B', status: 400, code: 'OPERATION_RESOLUTION_FAILURE' },
  { name: 'two named operations and no operationName', query: 'query A { clusters { code } } query B { agencies { code } }', status: 400, code: 'OPERATION_RESOLUTION_FAILURE' },
  { name: 'two operations, one chosen', query: 'query A { clusters { code } } query B { agencies { code } }', operationName: 'B', status: 200, code: null },
  { name: 'a subscription over HTTP POST', query: 'subscription { __typename }', status: 400 },
  { name: 'an empty query', query: '', status: 400 },
  { name: 'a query of whitespace', query: '   \n  ', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a persisted-query hash that is unknown', raw: { body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }) }, code: 'PERSISTED_QUERY_NOT_FOUND' },
  { name: 'a persisted query of an unknown version', raw: { body: JSON.stringify({ extensions: { persistedQuery: { version: 9, sha256Hash: 'a'.repeat(64) } } }) }, status: 400 },
  { name: 'a persisted-query hash that does not match the query', raw: { body: JSON.stringify({ query: '{ clusters { code } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }) }, status: 400 },
  { name: 'a request id header that is not well formed', query: '{ agencies { code } }', headers: { 'x-request-id': 'x'.repeat(500) }, code: null },
];

const documents: Case[] = [
  { name: 'an unterminated selection', query: '{ clusters { code ', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'an unterminated string', query: '{ cluster(code: "N1) { code } }', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a stray character', query: '{ clusters { code } } %', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a NUL byte in the document', query: '{ clusters { code \u0000 } }', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'an unknown field', query: '{ clusters { population } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an unknown argument', query: '{ clusters(first: 5) { code } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a missing required argument', query: '{ cluster { code } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a string where an Int goes', query: '{ cluster(code: "N1") { budget(fiscalYear: "2569") { totalBaht } } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an Int literal over 32 bits', query: '{ cluster(code: "N1") { budget(fiscalYear: 99999999999) { totalBaht } } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a selection on a leaf', query: '{ clusters { code { x } } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'no selection on an object', query: '{ clusters }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a fragment cycle', query: '{ clusters { ...A } } fragment A on Cluster { provinces { cluster { ...A } } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an unused fragment', query: '{ clusters { code } } fragment A on Cluster { code }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an unknown directive', query: '{ clusters @cached { code } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an undefined variable', query: '{ cluster(code: $code) { code } }', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a variable of the wrong type', query: 'query($code: String!) { cluster(code: $code) { code } }', variables: { code: 5 }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a missing non-null variable', query: 'query($code: String!) { cluster(code: $code) { code } }', variables: {}, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a variable nested 1000 levels deep', query: 'query($code: String!) { cluster(code: $code) { code } }', variables: { code: nested(1000) }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a 50-level chain across subgraphs', query: chain(50), status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a 14-level fan-out', query: fanOut(14), status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a fan-out over the cost limit within the depth limit', query: fanOut(4), status: 400, code: 'QUERY_TOO_COMPLEX', check: (a) => expect(a.json?.errors?.[0].extensions?.limit).toBe('cost') },
  { name: '1,000 aliases of a cross-subgraph field', query: aliases(1000, 'cluster(code: "N1") { budget(fiscalYear: 2569) { totalBaht } }'), status: 400, code: 'QUERY_TOO_COMPLEX', check: (a) => expect(a.json?.errors?.[0].extensions?.limit).toBe('tokens') },
  { name: '31 aliases', query: aliases(31, 'agencies { code }'), status: 400, code: 'QUERY_TOO_COMPLEX', check: (a) => expect(a.json?.errors?.[0].extensions?.limit).toBe('aliases') },
  { name: '30 aliased root fields (over the root-field limit)', query: aliases(30, 'agencies { code }'), status: 400, code: 'QUERY_TOO_COMPLEX', check: (a) => expect(a.json?.errors?.[0].extensions?.limit).toBe('rootFields') },
  { name: '100 aliased introspections', query: aliases(100, '__schema { types { name } }'), status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'two introspections', query: '{ a: __schema { queryType { name } } b: __schema { queryType { name } } }', status: 400, code: 'QUERY_TOO_COMPLEX', check: (a) => expect(a.json?.errors?.[0].extensions?.limit).toBe('introspection') },
  { name: 'one introspection (GraphiQL needs it)', query: '{ __schema { queryType { name } types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }', status: 200, code: null },
  { name: '25 directives', query: `{ clusters ${'@include(if: true) '.repeat(25)} { code } }`, status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a huge string literal argument', query: `{ cluster(code: "${'A'.repeat(50_000)}") { code } }`, code: 'BAD_USER_INPUT', check: (a) => expect(a.text.length).toBeLessThan(2000) },
  { name: 'a huge string literal where an Int goes', query: `{ cluster(code: "N1") { budget(fiscalYear: "${'9'.repeat(50_000)}") { totalBaht } } }`, status: 400, check: (a) => expect(a.text.length).toBeLessThan(2000) },
  { name: 'a 100,000-character variable echoed back', query: 'query($code: String!) { cluster(code: $code) { code } }', variables: { code: 'A'.repeat(100_000) }, code: 'BAD_USER_INPUT', check: (a) => expect(a.text.length).toBeLessThan(2000) },
  { name: 'only __typename', query: '{ __typename }', status: 200, code: null },
  { name: 'the README query', query: '{ clusters { code nameTh nameEn leadProvince { code nameTh } provinces { code nameTh nameEn } } province(code: "50") { nameTh nameEn cluster { code nameTh } } agencies { code nameTh nameEn } }', status: 200, code: null },
  { name: 'the README cross-subgraph query', query: '{ cluster(code: "N1") { code nameTh leadProvinceClaim { status verified province { nameTh } } budget(fiscalYear: 2569) { projectCount totalBaht } projects { nameTh fiscalYear amountBaht isSample } alerts(limit: 5) { severity titleTh raisedAt isSample } hearings { titleTh heldOn venueTh isSample } } }', status: 200, code: null },
];

const tokens: Case[] = [
  ...([
    ['a Basic authorization header', 'Basic dXNlcjpwYXNz'],
    ['a Bearer header with no token', 'Bearer '],
    ['a Bearer header with two tokens', 'Bearer a b'],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['a JWT with alg none', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin","exp":9999999999}').toString('base64url')}.`],
    ['a JWT with a percent-encoded NUL byte', 'Bearer a%00b.c.d'],
    ['a 10,000-character token', `Bearer ${'a'.repeat(10_000)}`],
  ] as const).map(([name, authorization]): Case => ({ name, query: '{ agencies { code } }', headers: { authorization }, status: 401, code: 'UNAUTHENTICATED' })),
  ...([
    ['a token signed with another secret', async () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('y'.repeat(40)))],
    ['an expired token', rawToken({ role: 'admin' }, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60))],
    ['a token without exp', rawToken({ role: 'admin' }, (jwt) => jwt)],
    ['a token valid for a year', rawToken({ role: 'admin' }, (jwt) => jwt.setExpirationTime('365d'))],
    ['a token not valid yet', rawToken({ role: 'admin' }, (jwt) => jwt.setExpirationTime('10m').setNotBefore('5m'))],
    ['a token with an unknown role', rawToken({ role: 'mayor' })],
    ['a token with role public', rawToken({ role: 'public' })],
    ['a token with a numeric role', rawToken({ role: 1 })],
    ['OSM staff without a cluster', rawToken({ role: 'osm-staff' })],
    ['OSM staff of an unknown cluster', rawToken({ role: 'osm-staff', cluster: 'ZZ9' })],
    ['OSM staff whose cluster holds a NUL', rawToken({ role: 'osm-staff', cluster: 'N1\u0000' })],
    ['a province officer with a malformed province', rawToken({ role: 'province-officer', province: '5' })],
    ['an agency with a NUL in its code', rawToken({ role: 'agency', agency: 'NESDC\u0000' })],
    ['a subject with a NUL byte', rawToken({ role: 'admin', sub: 'admin\u0000' })],
    ['a subject of 1,000 characters', rawToken({ role: 'admin', sub: 'a'.repeat(1000) })],
    ['a numeric subject', rawToken({ role: 'admin', sub: 42 })],
    ['a subject with a lone surrogate', rawToken({ role: 'admin', sub: 'x\ud800' })],
  ] as const).map(([name, token]): Case => ({ name, query: '{ agencies { code } }', token, status: 401, code: 'UNAUTHENTICATED' })),
  { name: 'a forged identity header without a token', query: CREATE_PROJECT, variables: { input: project({}) }, headers: { [IDENTITY_HEADER]: 'forged' }, code: 'UNAUTHENTICATED' },
  { name: 'a mutation without a token', query: CREATE_PROJECT, variables: { input: project({}) }, code: 'UNAUTHENTICATED' },
  { name: 'a write to another cluster', query: CREATE_PROJECT, variables: { input: project({ clusterCode: 'S1' }) }, token: 'staff', code: 'FORBIDDEN' },
  { name: 'a province officer writing', query: CREATE_PROJECT, variables: { input: project({}) }, token: rawToken({ role: 'province-officer', province: '50' }), code: 'FORBIDDEN' },
  { name: 'a Thai subject is fine', query: '{ agencies { code } }', token: rawToken({ role: 'admin', sub: 'สมชาย ใจดี' }), status: 200, code: null },
];

const money: Case[] = [
  ...['12,50', '1,2,3', '1e6', '-5', '+5', '', '   ', '1.234', '.5', '5.', '๑๒๓', '１２３', '1 000', '12_000', '0x10', 'Infinity', 'NaN', '1,23,456', '1,2345', '12,345,67', '1.2.3', ',100', '100,', '1,000.', '99999999999999999', '9'.repeat(100_000), '5\u0000', '1,000\u00a0000'].map(
    (amountBaht): Case => ({ name: `amountBaht ${JSON.stringify(amountBaht.slice(0, 20))}${amountBaht.length > 20 ? '…' : ''}`, query: CREATE_PROJECT, variables: { input: project({ amountBaht }) }, token: 'staff', code: 'BAD_USER_INPUT' }),
  ),
  ...([
    ['1,234.5', '1234.50'],
    ['1,234,567.89', '1234567.89'],
    ['1234567.89', '1234567.89'],
    [' 2500000 ', '2500000.00'],
    ['0', '0.00'],
    ['0.05', '0.05'],
    ['9999999999999999.99', '9999999999999999.99'],
  ] as const).map(([amountBaht, stored]): Case => ({
    name: `amountBaht ${JSON.stringify(amountBaht)} is stored as ${stored}`,
    query: CREATE_PROJECT,
    variables: { input: project({ amountBaht }) },
    token: 'staff',
    code: null,
    writes: 1,
    check: (a) => expect(a.json?.data?.createProject.amountBaht).toBe(stored),
  })),
  { name: 'amountBaht as a number', query: CREATE_PROJECT, variables: { input: project({ amountBaht: 1000 }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'amountBaht as null', query: CREATE_PROJECT, variables: { input: project({ amountBaht: null }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
];

const badText: [string, string][] = [
  ['a NUL byte', 'ถนน\u0000สาย'],
  ['U+0085 (C1 next line)', 'ถนน\u0085สาย'],
  ['U+009B (C1 CSI)', 'ถนน\u009B31mสาย'],
  ['a bell (C0)', 'ถนน\u0007'],
  ['an escape (C0)', '\u001b[31mถนน'],
  ['DEL', 'ถนน\u007f'],
  ['a right-to-left override', 'ถนน\u202Eสาย'],
  ['a left-to-right isolate', '\u2066ถนน\u2069'],
  ['a right-to-left mark', 'ถนน\u200Fสาย'],
  ['only zero-width spaces', '\u200B\u200B\u200B'],
  ['only zero-width joiners and spaces', '\u200D \u200C \u2060'],
  ['only a byte-order mark', '\uFEFF'],
  ['only a Hangul filler', '\u3164'],
  ['a lone high surrogate', 'ถนน\uD800'],
  ['a lone low surrogate', '\uDC00ถนน'],
  ['a newline in a one-line title', 'ถนน\nสาย'],
  ['a carriage return in a one-line title', 'ถนน\rสาย'],
  ['a tab in a one-line title', 'ถนน\tสาย'],
  ['a line separator', 'ถนน\u2028สาย'],
  ['only spaces', '    '],
  ['an empty string', ''],
  ['301 characters', 'ก'.repeat(301)],
  ['30,000 characters', LONG],
];

const text: Case[] = [
  ...badText.map(([label, value]): Case => ({ name: `project nameTh with ${label}`, query: CREATE_PROJECT, variables: { input: project({ nameTh: value }) }, token: 'staff', code: 'BAD_USER_INPUT' })),
  ...badText.map(([label, value]): Case => ({ name: `alert titleTh with ${label}`, query: RAISE_ALERT, variables: { input: alert({ titleTh: value }) }, token: 'staff', code: 'BAD_USER_INPUT' })),
  ...badText
    .filter(([label]) => !/only|empty|301/.test(label))
    .map(([label, value]): Case => ({ name: `hearing venueTh with ${label}`, query: SCHEDULE_HEARING, variables: { input: hearing({ venueTh: value }) }, token: 'staff', code: 'BAD_USER_INPUT' })),
  ...[
    ['a NUL byte', 'รายละเอียด\u0000'],
    ['a right-to-left override', 'รายละเอียด\u202E'],
    ['a lone surrogate', 'รายละเอียด\uDBFF'],
    ['U+0085', 'รายละเอียด\u0085'],
  ].map(([label, value]): Case => ({ name: `alert detailTh with ${label}`, query: RAISE_ALERT, variables: { input: alert({ detailTh: value }) }, token: 'staff', code: 'BAD_USER_INPUT' })),
  {
    name: 'alert detailTh keeps line breaks (CRLF becomes LF)',
    query: RAISE_ALERT,
    variables: { input: alert({ detailTh: 'บรรทัดแรก\r\nบรรทัดที่สอง' }) },
    token: 'staff',
    code: null,
    writes: 1,
    check: (a) => expect(a.json?.data?.raiseAlert.detailTh).toBe('บรรทัดแรก\nบรรทัดที่สอง'),
  },
  {
    name: 'Thai in decomposed order is stored in NFC',
    query: CREATE_PROJECT,
    variables: { input: project({ nameTh: 'นํ้า' }) },
    token: 'staff',
    code: null,
    writes: 1,
    check: (a) => expect(a.json?.data?.createProject.nameTh).toBe('นํ้า'.normalize('NFC')),
  },
  {
    name: 'Thai with a zero-width space between words is kept',
    query: CREATE_PROJECT,
    variables: { input: project({ nameTh: 'พัฒนา\u200Bเมือง' }) },
    token: 'staff',
    code: null,
    writes: 1,
    check: (a) => expect(a.json?.data?.createProject.nameTh).toBe('พัฒนา\u200Bเมือง'),
  },
  {
    name: 'an emoji and English name are fine',
    query: CREATE_PROJECT,
    variables: { input: project({ nameTh: 'ตลาดน้ำ 🛶', nameEn: 'Floating market' }) },
    token: 'staff',
    code: null,
    writes: 1,
  },
  { name: 'nameEn of only invisible characters', query: CREATE_PROJECT, variables: { input: project({ nameEn: '\u200B\u200B' }) }, token: 'staff', code: 'BAD_USER_INPUT' },
];

const dates: Case[] = [
  ...['1800-01-01', '2006-12-31', '2569-01-01', '2026-02-30', '2026-13-01', '2026-00-10', '26-01-01', '2026/01/01', '', '2026-1-1', '20260101', '2026-01-01T00:00:00Z', '2200-01-01', '9999-12-31', '0000-01-01', '+2026-01-01', '2026-01-01\u0000', 'พรุ่งนี้'].map(
    (heldOn): Case => ({ name: `heldOn ${JSON.stringify(heldOn)}`, query: SCHEDULE_HEARING, variables: { input: hearing({ heldOn }) }, token: 'staff', code: 'BAD_USER_INPUT' }),
  ),
  { name: 'heldOn 2026-12-15 is stored', query: SCHEDULE_HEARING, variables: { input: hearing({}) }, token: 'staff', code: null, writes: 1, check: (a) => expect(a.json?.data?.scheduleHearing.heldOn).toBe('2026-12-15') },
  { name: 'heldOn 2024-02-29 (a leap day) is stored', query: SCHEDULE_HEARING, variables: { input: hearing({ heldOn: '2024-02-29' }) }, token: 'staff', code: null, writes: 1 },
  ...[2026, 0, -1, 2549, 2601, 2147483647].map((fiscalYear): Case => ({ name: `fiscalYear ${fiscalYear} on a project`, query: CREATE_PROJECT, variables: { input: project({ fiscalYear }) }, token: 'staff', code: 'BAD_USER_INPUT' })),
  ...[2026, 0, 1_000_000].map((fiscalYear): Case => ({ name: `budget(fiscalYear: ${fiscalYear})`, query: `{ cluster(code: "N1") { nameTh budget(fiscalYear: ${fiscalYear}) { totalBaht } } }`, code: 'BAD_USER_INPUT', check: (a) => expect(a.json?.data?.cluster.nameTh).toBeTruthy() })),
  { name: 'fiscalYear as a string in variables', query: CREATE_PROJECT, variables: { input: project({ fiscalYear: '2569' }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'fiscalYear as a fraction', query: CREATE_PROJECT, variables: { input: project({ fiscalYear: 2569.5 }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
];

const idsAndCodes: Case[] = [
  ...(['cluster(code: %s) { code }', 'agency(code: %s) { code }', 'province(code: %s) { code }', 'alert(id: %s) { id }', 'hearing(id: %s) { id }', 'project(id: %s) { id }', 'provinces(clusterCode: %s) { code }', 'projects(filter: { clusterCode: %s }) { totalCount }', 'alerts(clusterCode: %s) { id }', 'hearings(clusterCode: %s) { totalCount }'] as const).flatMap(
    (field): Case[] =>
      ['"N1\\u0000"', '""', `"${'Z'.repeat(5000)}"`, '"\' OR 1=1 --"', '"🙂"'].map((literal) => ({
        name: `${field.split('(')[0]}(${literal.slice(0, 14)}${literal.length > 14 ? '…' : ''})`,
        query: `{ ${field.replace('%s', literal)} }`,
        code: 'BAD_USER_INPUT',
      })),
  ),
  { name: 'cluster(code: "n1 ") is N1', query: '{ cluster(code: "n1 ") { code } }', code: null, check: (a) => expect(a.json?.data?.cluster.code).toBe('N1') },
  { name: 'cluster(code: "ZZ9") is null', query: '{ cluster(code: "ZZ9") { code } }', code: null, check: (a) => expect(a.json?.data?.cluster).toBeNull() },
  { name: 'an unknown alert id is null', query: '{ alert(id: "00000000-0000-4000-8000-000000000000") { id } }', code: null, check: (a) => expect(a.json?.data?.alert).toBeNull() },
  { name: 'an unknown hearing id is null', query: '{ hearing(id: "00000000-0000-4000-8000-000000000000") { id } }', code: null, check: (a) => expect(a.json?.data?.hearing).toBeNull() },
  { name: 'an unknown project id is null', query: '{ project(id: "00000000-0000-4000-8000-000000000000") { id } }', code: null, check: (a) => expect(a.json?.data?.project).toBeNull() },
  ...[0, 201, -1].map((limit): Case => ({ name: `alerts limit ${limit}`, query: `{ alerts(clusterCode: "N1", limit: ${limit}) { id } }`, code: 'BAD_USER_INPUT' })),
  { name: 'alerts limit 2147483647 (over the cost limit)', query: '{ alerts(clusterCode: "N1", limit: 2147483647) { id } }', status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a mutation for an unknown cluster', query: CREATE_PROJECT, variables: { input: project({ clusterCode: 'ZZ9' }) }, token: 'admin', code: 'BAD_USER_INPUT' },
  { name: 'a mutation for a cluster code with a NUL', query: RAISE_ALERT, variables: { input: alert({ clusterCode: 'N1\u0000' }) }, token: 'admin', code: 'BAD_USER_INPUT' },
  { name: 'a hearing for a 5,000-character cluster code', query: SCHEDULE_HEARING, variables: { input: hearing({ clusterCode: 'N'.repeat(5000) }) }, token: 'admin', code: 'BAD_USER_INPUT', check: (a) => expect(a.text.length).toBeLessThan(2000) },
  { name: 'an unknown severity', query: RAISE_ALERT, variables: { input: alert({ severity: 'PANIC' }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
];

const inputs: Case[] = [
  { name: 'an input with an unknown field', query: CREATE_PROJECT, variables: { input: project({ approved: true }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an input that is a string', query: CREATE_PROJECT, variables: { input: 'x' }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an input that is an array', query: CREATE_PROJECT, variables: { input: [project({})] }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an input without a required field', query: CREATE_PROJECT, variables: { input: { clusterCode: 'N1', fiscalYear: 2569, nameTh: 'x' } }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an input nested 500 levels in a text field', query: CREATE_PROJECT, variables: { input: project({ nameTh: nested(500) }) }, token: 'staff', status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an inline input with an object for a string', query: 'mutation { createProject(input: { clusterCode: { a: 1 }, fiscalYear: 2569, nameTh: "x", amountBaht: "1" }) { id } }', token: 'staff', status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: '5,000 unused variables', query: '{ agencies { code } }', variables: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`v${i}`, i])), code: null },
  {
    name: 'two mutations where the second fails: the first is reported, the second is null with its error',
    query: `mutation { ok: createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: "โครงการแรก", amountBaht: "10" }) { id amountBaht }
      bad: createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: "โครงการสอง", amountBaht: "12,50" }) { id } }`,
    token: 'staff',
    code: 'BAD_USER_INPUT',
    writes: 1,
    check: (a) => {
      expect(a.json?.data?.ok).toEqual({ id: expect.any(String), amountBaht: '10.00' });
      expect(a.json?.data?.bad).toBeNull();
      expect(a.json?.errors?.[0].path).toEqual(['bad']);
    },
  },
  {
    name: 'three mutations across subgraphs where the middle one fails',
    query: `mutation { p: createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: "หนึ่ง", amountBaht: "1" }) { id }
      a: raiseAlert(input: { clusterCode: "N1", severity: INFO, titleTh: "" }) { id }
      h: scheduleHearing(input: { clusterCode: "N1", titleTh: "สาม", heldOn: "2026-11-30" }) { id } }`,
    token: 'staff',
    code: 'BAD_USER_INPUT',
    writes: 2,
    check: (a) => {
      expect(a.json?.data?.p?.id).toBeTruthy();
      expect(a.json?.data?.a).toBeNull();
      expect(a.json?.data?.h?.id).toBeTruthy();
    },
  },
  {
    name: 'a mutation where the first fails and the second succeeds',
    query: `mutation { a: raiseAlert(input: { clusterCode: "S1", severity: INFO, titleTh: "ต่างกลุ่ม" }) { id }
      b: raiseAlert(input: { clusterCode: "N1", severity: INFO, titleTh: "กลุ่มตนเอง" }) { id } }`,
    token: 'staff',
    code: 'FORBIDDEN',
    writes: 1,
    check: (a) => expect(a.json?.data).toEqual({ a: null, b: { id: expect.any(String) } }),
  },
];

// Public participation: what the public and citizens may write. `$HEARING` stands for an N1 hearing the suite schedules first.
const POST_COMMENT = 'mutation($input: PostCommentInput!) { postComment(input: $input) { id status displayName fullName } }';
const REGISTER = 'mutation($input: RegisterForHearingInput!) { registerForHearing(input: $input) { id displayName fullName nationalIdLast4 } }';
const comment = (overrides: Record<string, unknown>) => ({ subjectId: '$HEARING', body: 'ขอให้จัดเวทีในวันหยุดด้วยครับ', ...overrides });
const registration = (overrides: Record<string, unknown>) => ({ hearingId: '$HEARING', fullName: 'สมหญิง ทดสอบ', email: 'somying.corpus@example.com', ...overrides });
const citizen = rawToken({ role: 'citizen', sub: 'corpus-citizen' });

const participation: Case[] = [
  { name: 'a comment of 30,000 characters', query: POST_COMMENT, variables: { input: comment({ body: LONG }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment with a NUL byte', query: POST_COMMENT, variables: { input: comment({ body: 'ข้อความ\u0000ซ่อน' }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment of zero-width spaces only', query: POST_COMMENT, variables: { input: comment({ body: '\u200b\u200b\u200b' }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment with a right-to-left override', query: POST_COMMENT, variables: { input: comment({ body: 'ดี\u202eมาก' }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment on a subject id that is not an id', query: POST_COMMENT, variables: { input: comment({ subjectId: "'; DROP TABLE \"Comment\"; --" }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment on an id nothing has', query: POST_COMMENT, variables: { input: comment({ subjectId: '00000000-0000-4000-8000-000000000000' }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment with a malformed e-mail', query: POST_COMMENT, variables: { input: comment({ email: 'not-an-address' }) }, code: 'BAD_USER_INPUT' },
  { name: 'a comment with a phone number that is not Thai', query: POST_COMMENT, variables: { input: comment({ phone: '12345' }) }, code: 'BAD_USER_INPUT' },
  {
    name: 'an anonymous comment in Thai is stored, pending, with no personal data shown',
    query: POST_COMMENT,
    variables: { input: comment({ body: 'ควรมีล่ามภาษามือในเวทีรับฟังความคิดเห็น', fullName: 'สมชาย ทดสอบ', phone: '081 234 5678' }) },
    code: null,
    writes: 1,
    check: (a) => expect(a.json?.data?.postComment).toMatchObject({ status: 'PENDING', fullName: null }),
  },
  {
    name: 'the same comment three times in one request: the first is stored, the repeats refused',
    query: `mutation($input: PostCommentInput!) { a: postComment(input: $input) { id } b: postComment(input: $input) { id } c: postComment(input: $input) { id } }`,
    variables: { input: comment({ body: 'สแปมซ้ำ ๆ ในคำขอเดียว' }) },
    token: citizen,
    code: 'CONFLICT',
    writes: 1,
  },
  { name: 'a registration without a phone or an e-mail', query: REGISTER, variables: { input: registration({ email: null }) }, code: 'BAD_USER_INPUT' },
  {
    name: 'a national ID number with a wrong check digit is refused without being echoed',
    query: REGISTER,
    variables: { input: registration({ nationalId: '1101700203451' }) },
    code: 'BAD_USER_INPUT',
    check: (a) => expect(a.text).not.toContain('1101700203451'),
  },
  { name: 'a registrant name of 30,000 characters', query: REGISTER, variables: { input: registration({ fullName: LONG }) }, code: 'BAD_USER_INPUT' },
  { name: 'a registration for a cluster code instead of a hearing', query: REGISTER, variables: { input: registration({ hearingId: 'N1' }) }, code: 'BAD_USER_INPUT' },
  {
    name: 'a registration with a valid national ID keeps only its last four digits',
    query: REGISTER,
    variables: { input: registration({ nationalId: '1-1017-00203-45-0' }) },
    code: null,
    writes: 1,
    check: (a) => {
      expect(a.json?.data?.registerForHearing).toMatchObject({ fullName: null, nationalIdLast4: null });
      expect(a.text).not.toContain('1101700203450');
    },
  },
  { name: 'the same person registering again', query: REGISTER, variables: { input: registration({ email: 'SOMYING.corpus@example.com' }) }, code: 'CONFLICT' },
  { name: 'the public moderating a comment', query: 'mutation { moderateComment(input: { commentId: "00000000-0000-4000-8000-000000000000", action: PUBLISH }) { id } }', code: 'UNAUTHENTICATED' },
  { name: 'a citizen moderating a comment', query: 'mutation { moderateComment(input: { commentId: "00000000-0000-4000-8000-000000000000", action: HIDE, reason: "x" }) { id } }', token: citizen, code: 'FORBIDDEN' },
  { name: 'the public exporting personal data', query: 'mutation { exportPersonalData(input: { email: "somying.corpus@example.com" }) { total } }', code: 'UNAUTHENTICATED' },
  { name: 'a personal-data request naming no one', query: 'mutation { erasePersonalData(input: {}) { total } }', token: 'staff', code: 'BAD_USER_INPUT' },
  { name: 'supporting a comment nothing has', query: 'mutation { supportComment(input: { commentId: "00000000-0000-4000-8000-000000000000" }) { id } }', code: 'NOT_FOUND' },
  { name: 'feedback rated 6 of 5', query: 'mutation { giveFeedback(input: { projectId: "00000000-0000-4000-8000-000000000000", rating: 6, provinceCode: "50" }) { id } }', code: 'BAD_USER_INPUT' },
  { name: 'a survey answer with no choices for a survey nothing has', query: 'mutation { answerSurvey(input: { surveyId: "00000000-0000-4000-8000-000000000000", choices: [], email: "a@example.com" }) { id } }' },
  { name: 'the public writing an article', query: 'mutation { createArticle(input: { clusterCode: "N1", kind: NEWS, titleTh: "ข่าว", bodyTh: "เนื้อหา" }) { id } }', code: 'UNAUTHENTICATED' },
  {
    name: 'an article attachment at a javascript: address',
    query: 'mutation($a: [ArticleAttachmentInput!]!) { createArticle(input: { clusterCode: "N1", kind: NEWS, titleTh: "ข่าว", bodyTh: "เนื้อหา", attachments: $a }) { id } }',
    variables: { a: [{ name: 'รายงาน.pdf', mediaType: 'application/pdf', sizeBytes: 1000, url: 'javascript:alert(1)' }] },
    token: 'staff',
    code: 'BAD_USER_INPUT',
  },
  { name: 'a comment listing across subjects by the public', query: '{ comments(filter: { clusterCode: "N1" }) { totalCount } }', code: 'BAD_USER_INPUT' },
];

const CORPUS: [string, Case[]][] = [
  ['HTTP', http],
  ['GraphQL documents', documents],
  ['tokens', tokens],
  ['money', money],
  ['text', text],
  ['dates and years', dates],
  ['ids and codes', idsAndCodes],
  ['inputs and multiple mutations', inputs],
  ['public participation', participation],
];

/** Things that must never appear in an answer to a client. */
const LEAKS = [/\/work\//, /node_modules/, /\bat \S+ \(/, /https?:\/\/127\.0\.0\.1:\d+/, /prisma/i, /PostgreSQL|SQLSTATE|22021|invalid byte sequence/, /\.ts:\d+/];

describe('the hostile-client corpus', () => {
  it('has at least 200 cases', () => {
    expect(CORPUS.reduce((sum, [, cases]) => sum + cases.length, 0)).toBeGreaterThanOrEqual(200);
  });
});

describe.each(GATEWAY_ENGINES)('the hostile-client corpus through the gateway on %s', (engine) => {
  let hub: TestHub;
  let tokens: { staff: string; admin: string };
  let hearingId: string;

  beforeAll(async () => {
    hub = await startTestHub(engine);
    tokens = { staff: await signToken({ role: 'osm-staff', cluster: 'N1' }), admin: await signToken({ role: 'admin' }) };
    const scheduled = await hub.query(SCHEDULE_HEARING, { token: tokens.staff, variables: { input: hearing({ titleTh: 'เวทีของชุดทดสอบผู้ใช้ที่ไม่หวังดี', capacity: 50 }) } });
    expect(scheduled.errors).toBeUndefined();
    hearingId = scheduled.data?.scheduleHearing.id;
  });
  afterAll(() => hub?.close());

  /** Rows of N1 in the subgraphs that take writes, and every participation record the public writes. */
  async function rows(): Promise<number> {
    // As N1's staff: a new project is PROPOSED, which the public does not see.
    const { data, errors } = await hub.query('{ cluster(code: "N1") { projects { id } alerts(limit: 200) { id } hearings { id } } }', { token: tokens.staff });
    expect(errors).toBeUndefined();
    const participation = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'participation')?.database.client as ParticipationClient;
    const public_ = await Promise.all([
      participation.comment.count(),
      participation.registration.count(),
      participation.commentSupport.count(),
      participation.commentReport.count(),
      participation.surveyResponse.count(),
      participation.citizenFeedback.count(),
      participation.article.count(),
    ]);
    return data?.cluster.projects.length + data?.cluster.alerts.length + data?.cluster.hearings.length + public_.reduce((sum, count) => sum + count, 0);
  }

  async function send(c: Case): Promise<Answer> {
    const token = c.token === undefined || c.token === 'none' ? undefined : typeof c.token === 'function' ? await c.token() : tokens[c.token];
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...c.headers,
      ...c.raw?.headers,
    };
    if (headers['content-type'] === '') delete headers['content-type'];
    const method = c.raw?.method ?? 'POST';
    const body = c.raw ? c.raw.body : JSON.stringify({ query: c.query, variables: c.variables, operationName: c.operationName }).replaceAll('"$HEARING"', JSON.stringify(hearingId));
    const response = await fetch(`${hub.url}${c.raw?.search ?? ''}`, { method, headers, body: method === 'GET' || method === 'DELETE' ? undefined : body });
    const text = await response.text();
    let json: Answer['json'];
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  describe.each(CORPUS)('%s', (_group, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const isWrite = /^\s*mutation/.test(c.query ?? '');
      const before = isWrite ? await rows() : 0;
      const answer = await send(c);

      expect(answer.status).toBeLessThan(500);
      if (c.status !== undefined) expect(answer.status).toBe(c.status);
      for (const leak of LEAKS) expect(answer.text).not.toMatch(leak);
      if (answer.json?.errors) {
        for (const error of answer.json.errors) {
          expect(error.extensions?.code).toMatch(/^[A-Z_]+$/);
          expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
          expect(error.message.length).toBeLessThanOrEqual(400);
        }
      }
      if (c.code === null) expect(answer.json?.errors).toBeUndefined();
      else if (c.code !== undefined) expect(answer.json?.errors?.[0]?.extensions?.code).toBe(c.code);
      else if (answer.status >= 400) expect(answer.json?.errors?.[0]?.extensions?.code ?? 'no JSON error body').toMatch(/^[A-Z_]+$/);
      c.check?.(answer);
      if (isWrite) expect(await rows()).toBe(before + (c.writes ?? 0));
    });
  });
});
