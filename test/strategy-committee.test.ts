import sampleFile from '../subgraphs/strategy/sample.json';
import type { PrismaClient } from '../subgraphs/strategy/generated/prisma/client';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

const N1_PLAN_ID = sampleFile.plans[0].id;
const SAMPLE_COMMITTEE = sampleFile.committees[0];
const SAMPLE_MEETING = SAMPLE_COMMITTEE.meetings[0];
const SAMPLE_OVERDUE = SAMPLE_MEETING.agendaItems[0].resolutions[0].followUps[0];
const SAMPLE_NOT_DUE = SAMPLE_MEETING.agendaItems[1].resolutions[0].followUps[0];

const CREATE_PLAN = 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }';
const ADD_ISSUE = 'mutation($input: AddStrategicIssueInput!) { addStrategicIssue(input: $input) { id sdgGoals { number code } } }';
const SERVING = `query($ns: Int!, $first: Int, $after: String) { strategicIssuesServing(nationalStrategy: $ns, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id isSample plan { id status cluster { code } } } } } }`;
const CREATE_COMMITTEE = 'mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id nameTh nameEn isSample cluster { code } } }';
const ADD_MEMBER = 'mutation($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) { id position personName role agency { code } } }';
const SCHEDULE = 'mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id label year date venue onlineLink status version } }';
const SET_STATUS = 'mutation($input: SetMeetingStatusInput!) { setMeetingStatus(input: $input) { id status version } }';
const ADD_AGENDA = 'mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id position titleTh plan { id } project { id } reportReference } }';
const ADD_RESOLUTION = 'mutation($input: AddResolutionInput!) { addResolution(input: $input) { id position textTh } }';
const ADD_FOLLOW_UP = 'mutation($input: AddFollowUpInput!) { addFollowUp(input: $input) { id status version dueDate overdue ownerPerson ownerAgency { code } } }';
const UPDATE_FOLLOW_UP = 'mutation($input: UpdateFollowUpInput!) { updateFollowUp(input: $input) { id status version } }';
const OVERDUE = `query($cluster: String!, $first: Int, $after: String) { overdueFollowUps(clusterCode: $cluster, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id dueDate status overdue isSample meeting { label } } } } }`;
const COMMITTEE = `query($cluster: String!) { cluster(code: $cluster) { committee { id nameTh isSample
  members { position personName role isSample agency { code } }
  meetings(first: 5) { totalCount edges { node { id label date status isSample agendaItems { titleTh plan { id } reportReference isSample
    resolutions { textTh isSample followUps { id dueDate overdue isSample } } } } } } } } }`;

/** A date `days` after today in Asia/Bangkok, YYYY-MM-DD. */
function bangkokDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe.each(ENGINES)('alignment and the committee secretariat through the gateway on %s', (engine) => {
  let hub: TestHub;
  let client: PrismaClient;
  const tokens: Record<string, string> = {};

  const call = (query: string, variables: Record<string, unknown> = {}, who?: string) => hub.query(query, { variables, token: who ? tokens[who] : undefined });
  const ok = async (query: string, input: Record<string, unknown>, who = 'n2') => {
    const { data, errors } = await call(query, { input }, who);
    expect(errors).toBeUndefined();
    return Object.values(data ?? {})[0] as Record<string, any>;
  };
  const refused = async (query: string, input: Record<string, unknown>, who?: string) => {
    const { data, errors } = await call(query, { input }, who);
    expect(Object.values(data ?? {})[0] ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    return errors?.[0] as { message: string; extensions: Record<string, any> };
  };
  const counts = async () => ({
    issues: await client.strategicIssue.count(),
    committees: await client.committee.count(),
    members: await client.committeeMember.count(),
    meetings: await client.meeting.count(),
    followUps: await client.followUp.count(),
    history: await client.historyEntry.count(),
  });

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
    client = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'strategy')?.database.client as PrismaClient;
    Object.assign(tokens, {
      n1: await signToken({ role: 'osm-staff', cluster: 'N1' }, { subject: 'somchai' }),
      n2: await signToken({ role: 'osm-staff', cluster: 'N2' }, { subject: 'malee' }),
      admin: await signToken({ role: 'admin' }),
      agency: await signToken({ role: 'agency', agency: 'NESDC' }),
      cm: await signToken({ role: 'province-officer', province: '50' }),
      cr: await signToken({ role: 'province-officer', province: '57' }),
    });
  });
  afterAll(() => hub?.close());

  describe('alignment', () => {
    it('seeds the 17 SDGs from the source, goals 16 and 17 without a Thai name', async () => {
      const { data, errors } = await call('{ sdgGoals { number code nameEn titleEn nameTh } }');
      expect(errors).toBeUndefined();
      const goals = data?.sdgGoals as { number: number; code: string; nameEn: string; titleEn: string; nameTh: string | null }[];
      expect(goals.map((goal) => goal.number)).toEqual(Array.from({ length: 17 }, (_, index) => index + 1));
      expect(goals[0]).toEqual({ number: 1, code: 'SDG1', nameEn: 'No Poverty', titleEn: 'End poverty in all its forms everywhere', nameTh: 'ขจัดความยากจน' });
      expect(goals.filter((goal) => goal.nameTh === null).map((goal) => goal.number)).toEqual([16, 17]);
    });

    it('links a strategic issue to SDGs and refuses unknown goal numbers, naming them, with nothing written', async () => {
      const plan = await ok(CREATE_PLAN, { clusterCode: 'N1', kind: 'ANNUAL', titleTh: 'แผนทดสอบการเชื่อมโยง', startYear: 2570, endYear: 2570 }, 'n1');
      const before = await counts();
      const error = await refused(ADD_ISSUE, { planId: plan.id, titleTh: 'ประเด็นทดสอบ', sdgGoals: [1, 18, 20] }, 'n1');
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe('sdgGoals');
      expect(error.message).toContain('18, 20');
      expect(await counts()).toEqual(before);
      const issue = await ok(ADD_ISSUE, { planId: plan.id, titleTh: 'ประเด็นทดสอบ', nationalStrategies: [6], sdgGoals: [13, 1] }, 'n1');
      expect(issue.sdgGoals).toEqual([
        { number: 1, code: 'SDG1' },
        { number: 13, code: 'SDG13' },
      ]);
    });

    it('gives the sample issues SDG links', async () => {
      const { data } = await call(`query($id: ID!) { plan(id: $id) { strategicIssues { sdgGoals { number } } } }`, { id: N1_PLAN_ID });
      expect(data?.plan.strategicIssues.map((issue: { sdgGoals: { number: number }[] }) => issue.sdgGoals.map((goal) => goal.number))).toEqual([
        [8, 11],
        [2, 12],
        [13, 15],
      ]);
    });

    it('answers strategicIssuesServing across clusters, paged, with a draft issue invisible to the public', async () => {
      const plan = await ok(CREATE_PLAN, { clusterCode: 'N2', kind: 'ANNUAL', titleTh: 'แผนร่างของกลุ่มจังหวัด', startYear: 2570, endYear: 2570 });
      const draft = await ok(ADD_ISSUE, { planId: plan.id, titleTh: 'ประเด็นร่าง', nationalStrategies: [2] });
      const ids = async (who?: string) => {
        const { data, errors } = await call(SERVING, { ns: 2, first: 100 }, who);
        expect(errors).toBeUndefined();
        return data?.strategicIssuesServing.edges.map((edge: { node: { id: string; plan: { cluster: { code: string } } } }) => edge.node) as {
          id: string;
          plan: { status: string; cluster: { code: string } };
        }[];
      };
      const publicView = await ids();
      expect(new Set(publicView.map((node) => node.plan.cluster.code))).toEqual(new Set(['N1', 'N2']));
      expect(publicView.every((node) => node.plan.status === 'PUBLISHED')).toBe(true);
      expect(publicView.map((node) => node.id)).not.toContain(draft.id);
      expect((await ids('n1')).map((node) => node.id)).not.toContain(draft.id);
      expect((await ids('n2')).map((node) => node.id)).toContain(draft.id);
      expect((await ids('cr')).map((node) => node.id)).toContain(draft.id);
      expect((await ids('agency')).map((node) => node.id)).toContain(draft.id);

      const first = (await call(SERVING, { ns: 2, first: 2 })).data?.strategicIssuesServing;
      expect(first.totalCount).toBe(publicView.length);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await call(SERVING, { ns: 2, first: 2, after: first.pageInfo.endCursor })).data?.strategicIssuesServing;
      const firstIds = first.edges.map((edge: { node: { id: string } }) => edge.node.id);
      const secondIds = second.edges.map((edge: { node: { id: string } }) => edge.node.id);
      expect([...firstIds, ...secondIds]).toEqual(publicView.slice(0, 4).map((node) => node.id));

      const { errors } = await call(SERVING, { ns: 7 });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain('nationalStrategy 7');
    });
  });

  describe('committee secretariat', () => {
    it("serves N1's sample committee, marked, with its HELD meeting's public record and follow-ups for readers only", async () => {
      const response = await call(COMMITTEE, { cluster: 'N1' });
      expect(response.errors).toBeUndefined();
      const publicView = response.data?.cluster.committee;
      expect(publicView).toMatchObject({ id: SAMPLE_COMMITTEE.id, isSample: true });
      expect(publicView.members).toHaveLength(SAMPLE_COMMITTEE.members.length);
      expect(publicView.members[0]).toEqual({ position: 1, personName: 'ผู้ว่าราชการจังหวัดเชียงใหม่', role: 'CHAIR', isSample: true, agency: null });
      expect(publicView.members.map((member: { role: string }) => member.role)).toContain('SECRETARY');
      const meeting = publicView.meetings.edges[0].node;
      expect(meeting).toMatchObject({ id: SAMPLE_MEETING.id, label: '2/2569', date: '2026-06-18', status: 'HELD', isSample: true });
      expect(meeting.agendaItems[0].plan).toEqual({ id: N1_PLAN_ID });
      expect(meeting.agendaItems[1].reportReference).toContain('รายงานผลการดำเนินงาน');
      expect(meeting.agendaItems[0].resolutions[0].followUps).toEqual([]);

      const officerView = (await call(COMMITTEE, { cluster: 'N1' }, 'cm')).data?.cluster.committee;
      expect(officerView.meetings.edges[0].node.agendaItems[0].resolutions[0].followUps).toEqual([
        { id: SAMPLE_OVERDUE.id, dueDate: '2026-09-30', overdue: true, isSample: true },
      ]);
    });

    it("lists N1's sample overdue follow-up and leaves out one not yet due", async () => {
      const { data, errors } = await call(OVERDUE, { cluster: 'N1' }, 'admin');
      expect(errors).toBeUndefined();
      const ids = data?.overdueFollowUps.edges.map((edge: { node: { id: string } }) => edge.node.id);
      expect(ids).toContain(SAMPLE_OVERDUE.id);
      // Due 2027-03-31: not overdue on the day this was written (2026-11-26), overdue once that date has passed.
      expect(ids.includes(SAMPLE_NOT_DUE.id)).toBe(SAMPLE_NOT_DUE.dueDate < bangkokDate(0));
      expect(SAMPLE_OVERDUE.dueDate < bangkokDate(0)).toBe(true);
      expect(data?.overdueFollowUps.edges[0].node.meeting).toEqual({ label: '2/2569' });
    });

    it('records a committee, meetings, agenda, resolutions and follow-ups with rights per role, validation, CONFLICT and history', async () => {
      // Only the cluster's OSM staff (or an admin) write, and the public is asked to sign in.
      const committeeInput = { clusterCode: 'N2', nameTh: 'คณะกรรมการ ก.พ.ก. กลุ่มจังหวัดภาคเหนือตอนบน 2', nameEn: 'N2 committee' };
      const before = await counts();
      expect((await refused(CREATE_COMMITTEE, committeeInput)).extensions.code).toBe('UNAUTHENTICATED');
      expect((await refused(CREATE_COMMITTEE, committeeInput, 'n1')).extensions.code).toBe('FORBIDDEN');
      expect((await refused(CREATE_COMMITTEE, committeeInput, 'cr')).extensions.code).toBe('FORBIDDEN');
      expect((await refused(CREATE_COMMITTEE, committeeInput, 'agency')).extensions.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
      const committee = await ok(CREATE_COMMITTEE, committeeInput);
      expect(committee).toMatchObject({ isSample: false, cluster: { code: 'N2' } });
      expect((await refused(CREATE_COMMITTEE, committeeInput, 'admin')).extensions.code).toBe('BAD_USER_INPUT');

      await ok(ADD_MEMBER, { committeeId: committee.id, personName: 'ผู้ว่าราชการจังหวัดเชียงราย', role: 'CHAIR' });
      expect((await refused(ADD_MEMBER, { committeeId: committee.id, personName: 'ผู้ว่าราชการจังหวัดพะเยา', role: 'CHAIR' }, 'n2')).message).toContain('CHAIR');
      const unknownAgency = await refused(ADD_MEMBER, { committeeId: committee.id, personName: 'ผู้แทน', agencyCode: 'NOPE', role: 'MEMBER' }, 'n2');
      expect(unknownAgency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agencyCode' });
      const member = await ok(ADD_MEMBER, { committeeId: committee.id, personName: 'ผู้แทนสำนักงบประมาณ', agencyCode: 'bb', role: 'MEMBER' }, 'admin');
      expect(member).toMatchObject({ position: 2, agency: { code: 'BB' } });

      // The meeting year is the Buddhist Era calendar year of the date.
      const wrongYear = await refused(SCHEDULE, { committeeId: committee.id, number: 1, year: 2026, date: '2026-03-10', venue: 'ศาลากลางจังหวัดเชียงราย' }, 'n2');
      expect(wrongYear.extensions.field).toBe('year');
      expect(wrongYear.message).toContain('2569');
      expect((await refused(SCHEDULE, { committeeId: committee.id, number: 1, year: 2569, date: '2026-03-10' }, 'n2')).extensions.field).toBe('venue');
      const meeting = await ok(SCHEDULE, { committeeId: committee.id, number: 1, year: 2569, date: '2026-03-10', onlineLink: 'https://meet.example.go.th/n2-1' });
      expect(meeting).toMatchObject({ label: '1/2569', date: '2026-03-10', status: 'SCHEDULED', version: 1, venue: null });
      expect((await refused(SCHEDULE, { committeeId: committee.id, number: 1, year: 2569, date: '2026-04-10', venue: 'ห้องประชุม' }, 'n2')).extensions.field).toBe('number');

      // A SCHEDULED meeting is visible to the cluster's readers, agencies and admins, not to the public or other clusters.
      const meetingsSeen = async (who?: string) => (await call(COMMITTEE, { cluster: 'N2' }, who)).data?.cluster.committee.meetings.totalCount;
      expect(await meetingsSeen()).toBe(0);
      expect(await meetingsSeen('n1')).toBe(0);
      expect(await meetingsSeen('cm')).toBe(0);
      expect(await meetingsSeen('cr')).toBe(1);
      expect(await meetingsSeen('agency')).toBe(1);
      expect(await meetingsSeen('n2')).toBe(1);

      const otherPlan = await refused(ADD_AGENDA, { meetingId: meeting.id, titleTh: 'แผนของกลุ่มอื่น', planId: N1_PLAN_ID }, 'n2');
      expect(otherPlan.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planId' });
      const projectId = '3f2a9c1e-8b4d-4c7a-9e21-5d6f0a1b2c3d';
      const item = await ok(ADD_AGENDA, { meetingId: meeting.id, titleTh: 'พิจารณาโครงการ', projectId, reportReference: 'รายงานที่ 1/2569' });
      expect(item).toMatchObject({ position: 1, plan: null, project: { id: projectId }, reportReference: 'รายงานที่ 1/2569' });
      expect((await refused(ADD_RESOLUTION, { agendaItemId: item.id, textTh: 'อนุมัติ' }, 'n2')).message).toContain('HELD');

      const held = await ok(SET_STATUS, { meetingId: meeting.id, to: 'HELD', version: 1 });
      expect(held).toMatchObject({ status: 'HELD', version: 2 });
      expect((await refused(SET_STATUS, { meetingId: meeting.id, to: 'CANCELLED', version: 1 }, 'n2')).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await meetingsSeen()).toBe(1);

      const resolution = await ok(ADD_RESOLUTION, { agendaItemId: item.id, textTh: 'อนุมัติโครงการ และมอบหมายจังหวัดติดตามผล' });
      expect((await refused(ADD_FOLLOW_UP, { resolutionId: resolution.id, description: 'รายงานผล', dueDate: '2026-01-15' }, 'n2')).extensions.field).toBe('ownerPerson');
      const pastDue = await ok(ADD_FOLLOW_UP, { resolutionId: resolution.id, description: 'รายงานผลความก้าวหน้า', ownerAgencyCode: 'OPS-MOI', dueDate: '2026-01-15' });
      expect(pastDue).toMatchObject({ status: 'OPEN', version: 1, dueDate: '2026-01-15', overdue: true, ownerAgency: { code: 'OPS-MOI' } });
      const notDue = await ok(ADD_FOLLOW_UP, { resolutionId: resolution.id, description: 'จัดทำแผนปฏิบัติการ', ownerPerson: 'หัวหน้าสำนักงานจังหวัดเชียงราย', dueDate: bangkokDate(60) });
      expect(notDue.overdue).toBe(false);
      const done = await ok(ADD_FOLLOW_UP, { resolutionId: resolution.id, description: 'แจ้งมติ', ownerPerson: 'เลขานุการ', dueDate: '2025-12-01' });
      await ok(UPDATE_FOLLOW_UP, { followUpId: done.id, status: 'DONE', version: 1 });

      // Overdue: OPEN and due before today only, earliest first; readers of the cluster only.
      const overdue = await call(OVERDUE, { cluster: 'N2' }, 'cr');
      expect(overdue.errors).toBeUndefined();
      expect(overdue.data?.overdueFollowUps.totalCount).toBe(1);
      expect(overdue.data?.overdueFollowUps.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([pastDue.id]);
      expect((await call(OVERDUE, { cluster: 'N2' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await call(OVERDUE, { cluster: 'N2' }, 'n1')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await call(OVERDUE, { cluster: 'N2' }, 'agency')).data?.overdueFollowUps.totalCount).toBe(1);

      // A stale version gets CONFLICT and writes nothing, history included.
      const fresh = await ok(UPDATE_FOLLOW_UP, { followUpId: pastDue.id, status: 'DONE', version: 1 });
      expect(fresh).toMatchObject({ status: 'DONE', version: 2 });
      const beforeConflict = await counts();
      const conflict = await refused(UPDATE_FOLLOW_UP, { followUpId: pastDue.id, status: 'OPEN', version: 1 }, 'n2');
      expect(conflict.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await counts()).toEqual(beforeConflict);
      expect((await client.followUp.findUniqueOrThrow({ where: { id: pastDue.id } })).status).toBe('DONE');
      expect((await refused(UPDATE_FOLLOW_UP, { followUpId: pastDue.id, status: 'CANCELLED', version: 2 }, 'n2')).message).toContain('OPEN only');
      expect((await refused(UPDATE_FOLLOW_UP, { followUpId: notDue.id, status: 'DONE', version: 1 }, 'n1')).extensions.code).toBe('FORBIDDEN');

      const history = await call('query($id: ID!) { history(entityId: $id) { totalCount edges { node { action actor } } } }', { id: pastDue.id }, 'n2');
      expect(history.data?.history.edges.map((edge: { node: { action: string; actor: string } }) => edge.node)).toEqual([
        { action: 'ADD_FOLLOW_UP', actor: 'malee' },
        { action: 'UPDATE_FOLLOW_UP', actor: 'malee' },
      ]);
    });
  });
});
