import budgetSample from '../subgraphs/budget/sample.json';
import { budgetSubgraph } from '../subgraphs/budget/server';
import type { Identity } from '../kit/identity';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import participationSample from '../subgraphs/participation/sample.json';
import { participationSubgraph } from '../subgraphs/participation/server';
import strategySample from '../subgraphs/strategy/sample.json';
import { strategySubgraph } from '../subgraphs/strategy/server';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'root' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const CITIZEN: Identity = { role: 'citizen', subject: 'citizen-0001' };
const OTHER_CITIZEN: Identity = { role: 'citizen', subject: 'citizen-0002' };
const AGENCY: Identity = { role: 'agency', agencyCode: 'NESDC', subject: 'nesdc-officer' };
const CHIANG_MAI_OFFICER: Identity = { role: 'province-officer', provinceCode: '50', subject: 'prasit' };
const PUBLIC: Identity = { role: 'public' };

/** The sample plans, issues and projects the peers load (strategy's and budget's sample.json). */
const N1_PLAN = strategySample.plans[0].id;
const N1_ISSUE = strategySample.plans[0].issues[0].id;
const N2_PLAN = strategySample.plans[1].id;
const N1_PROJECT = budgetSample.projects[0].id; // IN_PROGRESS: public

/** A valid Thai national ID number: twelve digits and their check digit. */
function nationalId(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (13 - i);
  return `${first12}${(11 - (sum % 11)) % 10}`;
}
const NATIONAL_ID = nationalId('310050012345');

const HEARING_FIELDS = `id status version titleTh titleEn descriptionTh startsAt heldOn venueTh onlineUrl capacity purposeTh reportTh reportedAt
  subjectKind subjectId plan { id } strategicIssue { id } project { id } province { code } cluster { code }
  registrationCount placesLeft attendanceCount`;
const SCHEDULE = `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { ${HEARING_FIELDS} } }`;
const TRANSITION = `mutation($input: TransitionHearingInput!) { transitionHearing(input: $input) { id status version reportTh reportedAt } }`;
const PERSONAL = 'id displayName fullName phone email nationalIdLast4 attended createdAt';
const REGISTER = `mutation($input: RegisterForHearingInput!) { registerForHearing(input: $input) { ${PERSONAL} purposeTh hearing { id purposeTh registrationCount placesLeft } } }`;
const ATTEND = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { id attended attendedAt } }`;
const REGISTRATIONS = `query($id: ID!) { hearing(id: $id) { registrationCount registrations(first: 100) { totalCount edges { node { ${PERSONAL} } } } } }`;

const hearingInput = (overrides: Record<string, unknown> = {}) => ({
  clusterCode: 'N1',
  titleTh: 'การรับฟังความคิดเห็นต่อร่างแผนพัฒนากลุ่มจังหวัด',
  heldOn: '2026-12-15',
  ...overrides,
});

describe.each(ENGINES)('participation hearings and registrations on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  const client = () => subgraph.database.client;

  /** Runs a mutation that must succeed and returns its field. */
  const ok = async (query: string, input: Record<string, unknown>, identity: Identity = N1_STAFF) => {
    const { data, errors } = await subgraph.execute(query, { variables: { input }, identity });
    expect(errors).toBeUndefined();
    return Object.values(data ?? {})[0] as Record<string, any>;
  };
  const schedule = (overrides: Record<string, unknown> = {}, identity: Identity = N1_STAFF) => ok(SCHEDULE, hearingInput(overrides), identity);
  const move = (hearingId: string, status: string, extra: Record<string, unknown> = {}, identity: Identity = N1_STAFF) =>
    subgraph.execute(TRANSITION, { variables: { input: { hearingId, status, ...extra } }, identity });
  const moveTo = async (hearingId: string, path: string[], identity: Identity = N1_STAFF) => {
    for (const status of path) {
      const { errors } = await move(hearingId, status, status === 'REPORTED' ? { reportTh: 'สรุปผลการรับฟังความคิดเห็น' } : {}, identity);
      expect(errors).toBeUndefined();
    }
  };
  const register = (hearingId: string, extra: Record<string, unknown> = {}, identity: Identity = PUBLIC) =>
    subgraph.execute(REGISTER, { variables: { input: { hearingId, fullName: 'สมหญิง ทดสอบดี', email: 'somying@example.com', ...extra } }, identity });

  beforeAll(async () => {
    // Subjects are checked with their owners: a real strategy and budget, over HTTP, with their sample data.
    subgraph = await openTestSubgraph(participationSubgraph, engine, { peers: [strategySubgraph, budgetSubgraph] });
  });
  afterAll(() => subgraph?.close());

  describe('scheduleHearing', () => {
    it('schedules a hearing on a plan with its time in Bangkok, province, venue, link, capacity and the standard purpose', async () => {
      const hearing = await schedule({
        subjectId: N1_PLAN,
        titleEn: 'Hearing on the draft cluster plan',
        descriptionTh: 'นำเสนอร่างแผน\nและรับฟังข้อเสนอแนะ',
        heldOn: null,
        startsAt: '2026-12-15T13:30',
        provinceCode: '50',
        venueTh: 'ศาลากลางจังหวัดเชียงใหม่',
        onlineUrl: 'https://meeting.example.com/n1-plan',
        capacity: 3,
      });
      expect(hearing).toMatchObject({
        status: 'SCHEDULED',
        version: 1,
        startsAt: '2026-12-15T06:30:00.000Z',
        heldOn: '2026-12-15',
        descriptionTh: 'นำเสนอร่างแผน\nและรับฟังข้อเสนอแนะ',
        subjectKind: 'PLAN',
        subjectId: N1_PLAN,
        plan: { id: N1_PLAN },
        strategicIssue: null,
        project: null,
        province: { code: '50' },
        cluster: { code: 'N1' },
        capacity: 3,
        registrationCount: 0,
        placesLeft: 3,
        attendanceCount: 0,
        reportTh: null,
        reportedAt: null,
      });
      expect(hearing.purposeTh).toContain('ลงทะเบียน');
    });

    it('finds the kind of a subject by its id, and reads times with an offset or a date alone (09:00 Bangkok)', async () => {
      const onIssue = await schedule({ subjectId: N1_ISSUE, heldOn: null, startsAt: '2026-12-16T02:00:00Z' });
      expect(onIssue).toMatchObject({ subjectKind: 'STRATEGIC_ISSUE', strategicIssue: { id: N1_ISSUE }, plan: null, startsAt: '2026-12-16T02:00:00.000Z', heldOn: '2026-12-16' });
      const onProject = await schedule({ subjectId: N1_PROJECT, subjectKind: 'PROJECT', purposeTh: 'เพื่อติดต่อผู้เข้าร่วมเท่านั้น', capacity: null });
      expect(onProject).toMatchObject({ subjectKind: 'PROJECT', project: { id: N1_PROJECT }, startsAt: '2026-12-15T02:00:00.000Z', purposeTh: 'เพื่อติดต่อผู้เข้าร่วมเท่านั้น', capacity: null, placesLeft: null });
      const lateEvening = await schedule({ heldOn: '2026-12-17', startsAt: '2026-12-17T23:30:00+07:00' });
      expect(lateEvening).toMatchObject({ heldOn: '2026-12-17', startsAt: '2026-12-17T16:30:00.000Z', subjectKind: null });
    });

    it.each([
      ['a subject of another cluster', { subjectId: N2_PLAN }, 'subjectId', 'cluster N2'],
      ['an id that names nothing', { subjectId: '00000000-0000-4000-8000-000000000000' }, 'subjectId', 'names no'],
      ['a plan id given as a project', { subjectId: N1_PLAN, subjectKind: 'PROJECT' }, 'subjectId', 'names no project'],
      ['a kind without an id', { subjectKind: 'PLAN' }, 'subjectId', 'needs subjectId'],
      ['a province of another cluster', { provinceCode: '83' }, 'provinceCode', '50, 51, 52, 58'],
      ['an http link', { onlineUrl: 'http://meeting.example.com/x' }, 'onlineUrl', 'https'],
      ['a link that is not a URL', { onlineUrl: 'javascript:alert(1)' }, 'onlineUrl', 'https'],
      ['a capacity of 0', { capacity: 0 }, 'capacity', 'from 1'],
      ['a negative capacity', { capacity: -5 }, 'capacity', 'from 1'],
      ['a Thai-style start time', { heldOn: null, startsAt: '15/12/2569 13:30' }, 'startsAt', 'ISO 8601'],
      ['an impossible start date', { heldOn: null, startsAt: '2026-02-30T10:00' }, 'startsAt', 'YYYY-MM-DD'],
      ['an impossible start hour', { heldOn: null, startsAt: '2026-12-15T25:00' }, 'startsAt', 'ISO 8601'],
      ['a Buddhist Era start year', { heldOn: null, startsAt: '2569-12-15T10:00' }, 'startsAt', 'Buddhist Era'],
      ['a start long before the OSM', { heldOn: null, startsAt: '2001-12-15T10:00' }, 'startsAt', 'between 2007-01-01'],
      ['a date that is not the start date', { heldOn: '2026-12-14', startsAt: '2026-12-15T10:00' }, 'heldOn', 'Bangkok date'],
      ['no start at all', { heldOn: null }, 'startsAt', 'heldOn'],
      ['an empty title', { titleTh: '   ' }, 'titleTh', 'empty'],
      ['a title over 300 characters', { titleTh: 'ก'.repeat(301) }, 'titleTh', 'at most 300'],
      ['control characters in the description', { descriptionTh: 'ร่าง\u0000แผน' }, 'descriptionTh', 'control'],
      ['an unknown cluster', { clusterCode: 'X9' }, 'clusterCode', 'N1'],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, overrides, field, hint) => {
      const before = await client().hearing.count();
      const { errors } = await subgraph.execute(SCHEDULE, { variables: { input: hearingInput(overrides) }, identity: ADMIN });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors?.[0].message).toContain(hint);
      expect(await client().hearing.count()).toBe(before);
    });

    it.each([
      ['the public', PUBLIC, 'UNAUTHENTICATED'],
      ['a citizen', CITIZEN, 'FORBIDDEN'],
      ['staff of another cluster', N2_STAFF, 'FORBIDDEN'],
      ['an agency', AGENCY, 'FORBIDDEN'],
    ])('refuses %s (%s)', async (_label, identity, code) => {
      const before = await client().hearing.count();
      const { errors } = await subgraph.execute(SCHEDULE, { variables: { input: hearingInput() }, identity });
      expect(errors?.[0].extensions?.code).toBe(code);
      expect(await client().hearing.count()).toBe(before);
    });
  });

  describe('transitionHearing', () => {
    it('moves SCHEDULED → OPEN → CLOSED → REPORTED, storing the summary report when reported', async () => {
      const { id } = await schedule();
      expect((await move(id, 'OPEN', { version: 1 })).data?.transitionHearing).toMatchObject({ status: 'OPEN', version: 2 });
      expect((await move(id, 'CLOSED', { version: 2 })).data?.transitionHearing).toMatchObject({ status: 'CLOSED', version: 3, reportTh: null });
      const reported = await move(id, 'REPORTED', { version: 3, reportTh: 'ผู้เข้าร่วมเสนอให้เพิ่มโครงการด้านการท่องเที่ยว\nและการจัดการน้ำ' }, ADMIN);
      expect(reported.errors).toBeUndefined();
      expect(reported.data?.transitionHearing).toMatchObject({ status: 'REPORTED', version: 4, reportTh: 'ผู้เข้าร่วมเสนอให้เพิ่มโครงการด้านการท่องเที่ยว\nและการจัดการน้ำ' });
      expect(reported.data?.transitionHearing.reportedAt).toEqual(expect.any(String));
    });

    it('names the allowed move when a step is skipped, and says REPORTED is final', async () => {
      const { id } = await schedule();
      const skipped = await move(id, 'CLOSED');
      expect(skipped.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(skipped.errors?.[0].message).toContain('can move to OPEN only');
      await moveTo(id, ['OPEN', 'CLOSED', 'REPORTED']);
      const back = await move(id, 'OPEN');
      expect(back.errors?.[0].message).toContain('final');
      expect(await client().hearing.findUnique({ where: { id } })).toMatchObject({ status: 'REPORTED', version: 4 });
    });

    it('needs a report for REPORTED and refuses one for another move', async () => {
      const { id } = await schedule();
      const early = await move(id, 'OPEN', { reportTh: 'สรุป' });
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reportTh' });
      await moveTo(id, ['OPEN', 'CLOSED']);
      const bare = await move(id, 'REPORTED');
      expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reportTh' });
      expect(await client().hearing.findUnique({ where: { id } })).toMatchObject({ status: 'CLOSED', reportTh: null });
    });

    it('refuses a stale version with CONFLICT and the current version, and other clusters with FORBIDDEN', async () => {
      const { id } = await schedule();
      await moveTo(id, ['OPEN']);
      const stale = await move(id, 'CLOSED', { version: 1 });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect((await move(id, 'CLOSED', {}, N2_STAFF)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await move(id, 'CLOSED', {}, PUBLIC)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await client().hearing.findUnique({ where: { id } })).toMatchObject({ status: 'OPEN', version: 2 });
    });
  });

  describe('registerForHearing', () => {
    it('registers the public with the purpose of collection shown, and keeps only the last four digits of a national ID', async () => {
      const hearing = await schedule({ capacity: 10 });
      const { data, errors } = await register(hearing.id, { phone: '081-234-5678', email: ' Somying@Example.COM ', nationalId: `${NATIONAL_ID.slice(0, 1)}-${NATIONAL_ID.slice(1, 5)}-${NATIONAL_ID.slice(5)}` });
      expect(errors).toBeUndefined();
      expect(data?.registerForHearing).toMatchObject({
        displayName: 'สมหญิง ท.',
        fullName: null,
        phone: null,
        email: null,
        nationalIdLast4: null,
        attended: false,
        purposeTh: hearing.purposeTh,
        hearing: { id: hearing.id, purposeTh: hearing.purposeTh, registrationCount: 1, placesLeft: 9 },
      });
      const row = await client().registration.findUniqueOrThrow({ where: { id: data?.registerForHearing.id } });
      expect(row).toMatchObject({ clusterCode: 'N1', fullName: 'สมหญิง ทดสอบดี', phone: '0812345678', email: 'somying@example.com', nationalIdLast4: NATIONAL_ID.slice(-4), registrantKey: 'email:somying@example.com' });
      expect(JSON.stringify(row)).not.toContain(NATIONAL_ID);
      const staffView = await subgraph.execute(REGISTRATIONS, { variables: { id: hearing.id }, identity: N1_STAFF });
      expect(staffView.data?.hearing.registrations.edges[0].node).toMatchObject({ fullName: 'สมหญิง ทดสอบดี', phone: '0812345678', email: 'somying@example.com', nationalIdLast4: NATIONAL_ID.slice(-4) });
      expect(JSON.stringify(staffView)).not.toContain(NATIONAL_ID);
    });

    it('refuses the same person twice with CONFLICT: the same e-mail however written, or the same citizen with other details', async () => {
      const { id } = await schedule();
      expect((await register(id, { email: 'dup@example.com' })).errors).toBeUndefined();
      const again = await register(id, { email: ' DUP@example.com', fullName: 'อีกชื่อ หนึ่ง' });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(again.errors?.[0].message).toContain('already registered');
      expect((await register(id, { email: 'citizen-a@example.com' }, CITIZEN)).errors).toBeUndefined();
      const citizenAgain = await register(id, { email: 'citizen-b@example.com', phone: '0899999999' }, CITIZEN);
      expect(citizenAgain.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect((await register(id, { email: 'citizen-c@example.com' }, OTHER_CITIZEN)).errors).toBeUndefined();
      expect(await client().registration.count({ where: { hearingId: id } })).toBe(3);
      expect(await client().registration.findFirst({ where: { hearingId: id, citizenSub: CITIZEN.subject } })).toMatchObject({ registrantKey: `sub:${CITIZEN.subject}` });
    });

    it.each([
      ['neither phone nor e-mail', { email: null }, 'phone', 'phone number or an e-mail'],
      ['an empty name', { fullName: '  ' }, 'fullName', 'fullName'],
      ['a malformed phone', { phone: '12345' }, 'phone', 'Thai phone number'],
      ['a malformed e-mail', { email: 'not-an-address' }, 'email', 'e-mail address'],
      ['a national ID with a wrong check digit', { nationalId: `${NATIONAL_ID.slice(0, 12)}${(Number(NATIONAL_ID[12]) + 1) % 10}` }, 'nationalId', 'check digit'],
      ['a national ID of 12 digits', { nationalId: NATIONAL_ID.slice(0, 12) }, 'nationalId', '13 digits'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing and never echoing a national ID', async (_label, extra, field, hint) => {
      const { id } = await schedule();
      const result = await register(id, extra);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0].message).toContain(hint);
      expect(JSON.stringify(result)).not.toContain(NATIONAL_ID.slice(0, 12));
      expect(await client().registration.count({ where: { hearingId: id } })).toBe(0);
    });

    it('refuses a full hearing with CONFLICT saying it is full, and a closed one with BAD_USER_INPUT', async () => {
      const { id } = await schedule({ capacity: 1 });
      expect((await register(id, { email: 'first@example.com' })).errors).toBeUndefined();
      const full = await register(id, { email: 'second@example.com' });
      expect(full.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(full.errors?.[0].message).toContain('is full: all 1 places are taken');
      const open = await schedule();
      await moveTo(open.id, ['OPEN']);
      expect((await register(open.id, { email: 'walk-in@example.com' })).errors).toBeUndefined();
      await moveTo(open.id, ['CLOSED']);
      const late = await register(open.id, { email: 'late@example.com' });
      expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hearingId' });
      expect(late.errors?.[0].message).toContain('CLOSED');
      expect(await client().registration.count({ where: { hearingId: { in: [id, open.id] } } })).toBe(2);
      const unknown = await register('00000000-0000-4000-8000-000000000000');
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'hearingId' });
    });

    it('accepts exactly as many of 8 concurrent registrations as a hearing of 3 places holds', async () => {
      const { id } = await schedule({ capacity: 3 });
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => register(id, { email: `concurrent-${i}@example.com` })));
      const refused = results.filter((result) => result.errors);
      expect(results.filter((result) => !result.errors)).toHaveLength(3);
      expect(refused).toHaveLength(5);
      for (const result of refused) expect(result.errors?.[0].message).toContain('is full');
      expect(await client().registration.count({ where: { hearingId: id } })).toBe(3);
      const { data } = await subgraph.execute(`{ hearing(id: "${id}") { registrationCount placesLeft } }`);
      expect(data?.hearing).toEqual({ registrationCount: 3, placesLeft: 0 });
    });
  });

  describe('recordAttendance', () => {
    it("lets the cluster's staff record attendance while OPEN or CLOSED, and no one else", async () => {
      const hearing = await schedule();
      const { data } = await register(hearing.id, { email: 'attend@example.com' });
      const registrationId = data?.registerForHearing.id;
      const attend = (attended: boolean, identity: Identity = N1_STAFF) => subgraph.execute(ATTEND, { variables: { input: { registrationId, attended } }, identity });
      const early = await attend(true);
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'registrationId' });
      expect(early.errors?.[0].message).toContain('OPEN or CLOSED');
      await moveTo(hearing.id, ['OPEN']);
      expect((await attend(true, N2_STAFF)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await attend(true, PUBLIC)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const marked = await attend(true);
      expect(marked.data?.recordAttendance).toMatchObject({ id: registrationId, attended: true, attendedAt: expect.any(String) });
      await moveTo(hearing.id, ['CLOSED']);
      expect((await attend(false, ADMIN)).data?.recordAttendance).toMatchObject({ attended: false, attendedAt: null });
      expect((await attend(true)).errors).toBeUndefined();
      const counts = await subgraph.execute(`{ hearing(id: "${hearing.id}") { registrationCount attendanceCount } }`);
      expect(counts.data?.hearing).toEqual({ registrationCount: 1, attendanceCount: 1 });
      await moveTo(hearing.id, ['REPORTED']);
      expect((await attend(false)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('personal data (PDPA)', () => {
    let hearingId: string;
    beforeAll(async () => {
      hearingId = (await schedule()).id;
      const { errors } = await register(hearingId, { fullName: 'มานี มีนา', phone: '0812223333', email: 'manee@example.com', nationalId: NATIONAL_ID }, CITIZEN);
      expect(errors).toBeUndefined();
    });

    it.each([
      ['the public', PUBLIC],
      ['the registered citizen', CITIZEN],
      ['another citizen', OTHER_CITIZEN],
      ['staff of another cluster', N2_STAFF],
      ['an agency', AGENCY],
      ['a province officer of the cluster', CHIANG_MAI_OFFICER],
    ])('shows %s the display name only, with null personal fields and no error', async (_label, identity) => {
      const byQuery = await subgraph.execute(REGISTRATIONS, { variables: { id: hearingId }, identity });
      const byEntity = await subgraph.execute(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Hearing { registrations { edges { node { ${PERSONAL} } } } } } }`,
        { variables: { r: [{ __typename: 'Hearing', id: hearingId }] }, identity },
      );
      for (const result of [byQuery, byEntity]) expect(result.errors).toBeUndefined();
      const nodes = [byQuery.data?.hearing.registrations.edges[0].node, byEntity.data?._entities[0].registrations.edges[0].node];
      for (const node of nodes) expect(node).toMatchObject({ displayName: 'มานี ม.', fullName: null, phone: null, email: null, nationalIdLast4: null });
      expect(JSON.stringify([byQuery, byEntity])).not.toMatch(/มานี มีนา|0812223333|manee@example\.com/);
    });

    it.each([
      ["the cluster's staff", N1_STAFF],
      ['an admin', ADMIN],
    ])('shows %s the personal fields, never the whole national ID number', async (_label, identity) => {
      const { data, errors } = await subgraph.execute(REGISTRATIONS, { variables: { id: hearingId }, identity });
      expect(errors).toBeUndefined();
      expect(data?.hearing.registrations.edges[0].node).toMatchObject({ displayName: 'มานี ม.', fullName: 'มานี มีนา', phone: '0812223333', email: 'manee@example.com', nationalIdLast4: NATIONAL_ID.slice(-4) });
      expect(JSON.stringify(data)).not.toContain(NATIONAL_ID);
    });

    it('stores no column with the whole national ID number', async () => {
      const rows = await client().$queryRaw<{ row: string }[]>`SELECT row_to_json(r)::text AS "row" FROM "Registration" r`;
      expect(rows.length).toBeGreaterThan(0);
      for (const { row } of rows) expect(row).not.toContain(NATIONAL_ID);
    });
  });

  describe('reads', () => {
    it('filters hearings by cluster, province, status, subject, dates and Thai text, and pages them', async () => {
      const a = await schedule({ clusterCode: 'N2', titleTh: 'เวทีประชาคมเรื่องหมอกควันข้ามแดน', provinceCode: '57', heldOn: '2026-03-02' }, ADMIN);
      const b = await schedule({ clusterCode: 'N2', titleTh: 'รับฟังความคิดเห็นแผนพัฒนา', subjectId: N2_PLAN, provinceCode: '55', heldOn: '2026-03-10' }, ADMIN);
      const c = await schedule({ clusterCode: 'N2', titleTh: 'รับฟังความคิดเห็นโครงการท่องเที่ยว', venueTh: 'หอประชุมหมอกควันศึกษา', heldOn: '2026-04-01' }, ADMIN);
      await moveTo(c.id, ['OPEN'], ADMIN);
      const ids = async (args: string) => {
        const { data, errors } = await subgraph.execute(`{ hearings(${args}) { totalCount edges { node { id } } } }`);
        expect(errors).toBeUndefined();
        return data?.hearings.edges.map((edge: any) => edge.node.id);
      };
      expect(await ids('clusterCode: "n2"')).toEqual([c.id, b.id, a.id]);
      expect(await ids('filter: { clusterCode: "N2" }, order: BY_START_TIME')).toEqual([a.id, b.id, c.id]);
      expect(await ids('filter: { provinceCode: "57" }')).toEqual([a.id]);
      expect(await ids('filter: { clusterCode: "N2", statuses: [OPEN] }')).toEqual([c.id]);
      expect(await ids(`filter: { subjectId: "${N2_PLAN}" }`)).toEqual([b.id]);
      expect(await ids('filter: { clusterCode: "N2", startsOnOrAfter: "2026-03-10", startsOnOrBefore: "2026-03-31" }')).toEqual([b.id]);
      expect(await ids('filter: { search: "หมอกควัน", clusterCode: "N2" }')).toEqual([c.id, a.id]);
      const first = await subgraph.execute('{ hearings(clusterCode: "N2", first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }');
      expect(first.data?.hearings).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const rest = await subgraph.execute(`{ hearings(clusterCode: "N2", first: 2, after: "${first.data?.hearings.pageInfo.endCursor}") { pageInfo { hasNextPage } edges { node { id } } } }`);
      expect(rest.data?.hearings).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { id: a.id } }] });
      for (const [args, field] of [
        ['filter: { provinceCode: "5" }', 'filter.provinceCode'],
        ['filter: { startsOnOrAfter: "2026-04-01", startsOnOrBefore: "2026-03-01" }', 'filter.startsOnOrBefore'],
        ['first: 101', 'first'],
        ['clusterCode: "X1"', 'clusterCode'],
      ]) {
        const { errors } = await subgraph.execute(`{ hearings(${args}) { totalCount } }`);
        expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });

    it('adds hearings to plans, strategic issues and projects, each only the hearings about it', async () => {
      const onPlan = await schedule({ clusterCode: 'N2', subjectId: N2_PLAN, titleTh: 'แผน', heldOn: '2026-05-01' }, ADMIN);
      const { data, errors } = await subgraph.execute(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on DevelopmentPlan { hearings { id } } ... on StrategicIssue { hearings { id } } ... on Project { hearings { id } } } }`,
        { variables: { r: [{ __typename: 'DevelopmentPlan', id: N2_PLAN }, { __typename: 'StrategicIssue', id: N2_PLAN }, { __typename: 'Project', id: '00000000-0000-4000-8000-000000000000' }] } },
      );
      expect(errors).toBeUndefined();
      expect(data?._entities[0].hearings.map((hearing: any) => hearing.id)).toContain(onPlan.id);
      expect(data?._entities.slice(1)).toEqual([{ hearings: [] }, { hearings: [] }]);
    });

    it('reads hearings with their counts and registrations for 10 plans in as many statements as for 1', async () => {
      const plans = Array.from({ length: 10 }, (_, i) => `5a3e9999-2566-4000-8000-${String(i).padStart(12, '0')}`);
      for (const [i, subjectId] of plans.entries()) {
        const hearing = await client().hearing.create({
          data: { clusterCode: 'C1', subjectKind: 'PLAN', subjectId, titleTh: `เวที ${i}`, startsAt: new Date('2026-06-01T02:00:00Z'), capacity: 5, purposeTh: 'ทดสอบ', createdBy: 'test' },
        });
        await client().registration.createMany({
          data: [0, 1].map((n) => ({ hearingId: hearing.id, clusterCode: 'C1', displayName: `ผู้ร่วม ${n}`, fullName: `ผู้ร่วม ${n}`, email: `p${i}-${n}@example.com`, registrantKey: `email:p${i}-${n}@example.com`, attended: n === 0 })),
        });
      }
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on DevelopmentPlan { hearings { id province { code } plan { id } registrationCount placesLeft attendanceCount
        registrations(first: 5) { totalCount edges { node { displayName fullName phone email nationalIdLast4 attended purposeTh hearing { id } } } } } } } }`;
      const one = await subgraph.execute(query, { variables: { r: plans.slice(0, 1).map((id) => ({ __typename: 'DevelopmentPlan', id })) }, identity: ADMIN });
      const ten = await subgraph.execute(query, { variables: { r: plans.map((id) => ({ __typename: 'DevelopmentPlan', id })) }, identity: ADMIN });
      expect(ten.errors).toBeUndefined();
      expect(ten.data?._entities.flatMap((plan: any) => plan.hearings.flatMap((hearing: any) => hearing.registrations.edges))).toHaveLength(20);
      expect(ten.data?._entities[9].hearings[0]).toMatchObject({ registrationCount: 2, placesLeft: 3, attendanceCount: 1 });
      expect(ten.statements).toBe(one.statements);
      const list = `query($first: Int!) { hearings(filter: { clusterCode: "C1" }, first: $first) { edges { node { registrationCount attendanceCount registrations { totalCount edges { node { fullName } } } } } } }`;
      const listOne = await subgraph.execute(list, { variables: { first: 1 }, identity: ADMIN });
      const listTen = await subgraph.execute(list, { variables: { first: 10 }, identity: ADMIN });
      expect(listTen.data?.hearings.edges).toHaveLength(10);
      expect(listTen.statements).toBe(listOne.statements);
    });
  });
});

describe('the sample hearings', () => {
  const subjects = new Map<string, string>([
    ...strategySample.plans.map((plan) => [plan.id, plan.clusterCode] as [string, string]),
    ...budgetSample.projects.map((project) => [project.id, project.clusterCode] as [string, string]),
  ]);

  it("name a subject of their own cluster, report every REPORTED hearing, and register only fictitious people", () => {
    for (const hearing of participationSample.hearings) {
      if (hearing.subjectId) expect([hearing.id, subjects.get(hearing.subjectId)]).toEqual([hearing.id, hearing.clusterCode]);
      expect([hearing.id, hearing.status === 'REPORTED', Boolean(hearing.reportTh)]).toEqual([hearing.id, hearing.status === 'REPORTED', hearing.status === 'REPORTED']);
    }
    expect(new Set(participationSample.hearings.map((hearing) => hearing.status))).toEqual(new Set(['SCHEDULED', 'OPEN', 'CLOSED', 'REPORTED']));
    for (const registration of participationSample.registrations) {
      expect(registration.fullName).toContain('ตัวอย่าง');
      if (registration.email) expect(registration.email).toMatch(/@example\.com$/);
      if (registration.phone) expect(registration.phone).toMatch(/^080000\d{4}$/);
    }
  });
});

describe.each(ENGINES)('hearings through the gateway on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
  });
  afterAll(() => hub?.close());

  const PLAN_HEARINGS = `query($id: ID!) { plan(id: $id) { titleTh cluster { code } hearings { titleTh status heldOn reportTh province { nameTh } registrationCount attendanceCount
    registrations { totalCount edges { node { displayName fullName phone email } } } } } }`;

  it("answers N1's published plan with its reported hearing and registrations, personal data for the cluster's staff only", async () => {
    const anonymous = await hub.query(PLAN_HEARINGS, { variables: { id: N1_PLAN } });
    expect(anonymous.errors).toBeUndefined();
    const [hearing] = anonymous.data?.plan.hearings ?? [];
    expect(hearing).toMatchObject({ status: 'REPORTED', heldOn: '2025-11-20', province: { nameTh: 'เชียงใหม่' }, registrationCount: 3, attendanceCount: 2 });
    expect(hearing.reportTh).toContain('ข้อมูลตัวอย่าง');
    expect(hearing.registrations.totalCount).toBe(3);
    for (const { node } of hearing.registrations.edges) expect(node).toMatchObject({ displayName: expect.any(String), fullName: null, phone: null, email: null });

    const staff = await hub.query(PLAN_HEARINGS, { variables: { id: N1_PLAN }, token: await signToken({ role: 'osm-staff', cluster: 'N1' }) });
    expect(staff.data?.plan.hearings[0].registrations.edges.map((edge: any) => edge.node.fullName).sort()).toEqual(['นางตัวอย่าง มีสุข', 'นางสาวตัวอย่าง ใจดี', 'นายทดสอบ ตัวอย่างยิ่ง']);
    const otherStaff = await hub.query(PLAN_HEARINGS, { variables: { id: N1_PLAN }, token: await signToken({ role: 'osm-staff', cluster: 'N2' }) });
    expect(otherStaff.data?.plan.hearings[0].registrations.edges.every((edge: any) => edge.node.fullName === null)).toBe(true);
  });

  it('reaches a project and its scheduled hearing both ways, and registers a citizen through the gateway', async () => {
    const projectId = participationSample.hearings[1].subjectId as string;
    const { data, errors } = await hub.query(`{ project(id: "${projectId}") { nameTh hearings { id status onlineUrl project { nameTh } } } }`);
    expect(errors).toBeUndefined();
    expect(data?.project.hearings).toEqual([{ id: participationSample.hearings[1].id, status: 'SCHEDULED', onlineUrl: 'https://meeting.example.com/n1-haze-2569', project: { nameTh: data?.project.nameTh } }]);
    const registered = await hub.query(REGISTER, {
      variables: { input: { hearingId: participationSample.hearings[1].id, fullName: 'ประชา ตัวอย่างใหม่', phone: '0800000999' } },
      token: await signToken({ role: 'citizen' }, { subject: 'gateway-citizen' }),
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerForHearing).toMatchObject({ displayName: 'ประชา ต.', fullName: null, hearing: { registrationCount: 3, placesLeft: 77 } });
  });
});
