import { seededRandom, type SubgraphWriter } from './client';

/** What the strategy generator made. */
export interface StrategyCounts {
  readonly plans: number;
  readonly publishedPlans: number;
  readonly indicators: number;
}

const PERSPECTIVES = ['CITIZEN', 'FINANCIAL', 'INTERNAL_PROCESS', 'LEARNING_GROWTH'] as const;
const CASCADE_RULES = ['SUM', 'AVERAGE', 'MINIMUM', 'SAME'] as const;
const ISSUES = ['ยกระดับการท่องเที่ยวเชิงวัฒนธรรมและสุขภาพ', 'เพิ่มมูลค่าสินค้าเกษตรปลอดภัย', 'พัฒนาโครงข่ายคมนาคมและโลจิสติกส์', 'ฟื้นฟูทรัพยากรธรรมชาติและสิ่งแวดล้อม'];
const OBJECTIVES = ['รายได้จากการท่องเที่ยวเพิ่มขึ้น', 'เกษตรกรมีรายได้มั่นคง', 'ต้นทุนโลจิสติกส์ลดลง', 'พื้นที่ป่าต้นน้ำได้รับการฟื้นฟู'];
const INDICATORS: readonly { nameTh: string; unit: string; direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' }[] = [
  { nameTh: 'รายได้จากการท่องเที่ยว', unit: 'ล้านบาท', direction: 'HIGHER_IS_BETTER' },
  { nameTh: 'ผลผลิตเกษตรปลอดภัยที่ได้รับการรับรอง', unit: 'ตัน', direction: 'HIGHER_IS_BETTER' },
  { nameTh: 'ต้นทุนโลจิสติกส์ต่อ GPP', unit: 'ร้อยละ', direction: 'LOWER_IS_BETTER' },
  { nameTh: 'พื้นที่ป่าที่ได้รับการฟื้นฟู', unit: 'ไร่', direction: 'HIGHER_IS_BETTER' },
];

/** Strategic issues per plan, objectives per issue (one indicator each). */
const ISSUES_PER_PLAN = 2;
const OBJECTIVES_PER_ISSUE = 2;

interface PlanSpec {
  readonly clusterCode: string;
  readonly provinces: readonly string[];
  readonly publish: boolean;
  readonly input: Record<string, unknown>;
}

/**
 * Development plans for every cluster through the strategy subgraph's mutations: per cluster,
 * `3 × scale` plans (two thirds published, the rest left `DRAFT`, which only the cluster's staff
 * and admins see), each with 2 strategic issues, 2 objectives per issue linked cause → effect, one
 * indicator per objective, and its 2569 targets for the cluster and every member province.
 */
export async function generateStrategy(writer: SubgraphWriter, scale: number): Promise<StrategyCounts> {
  const random = seededRandom(0x5eed + scale);
  const { clusters } = await writer.run<{ clusters: { code: string; provinces: { code: string }[] }[] }>('{ clusters { code provinces { code } } }');
  const specs: PlanSpec[] = [];
  for (const cluster of clusters) {
    for (let index = 0; index < 3 * scale; index++) {
      const fiveYear = index % 3 === 0;
      const startYear = fiveYear ? 2566 : 2569;
      specs.push({
        clusterCode: cluster.code,
        provinces: cluster.provinces.map((province) => province.code),
        publish: index % 3 !== 2,
        input: {
          clusterCode: cluster.code,
          kind: fiveYear ? 'FIVE_YEAR' : 'ANNUAL',
          titleTh: fiveYear
            ? `แผนพัฒนากลุ่มจังหวัด ${cluster.code} (พ.ศ. 2566–2570) ฉบับที่ ${index + 1}`
            : `แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2569 กลุ่มจังหวัด ${cluster.code} ฉบับที่ ${index + 1}`,
          titleEn: `Cluster ${cluster.code} development plan ${index + 1}`,
          startYear,
          endYear: fiveYear ? startYear + 4 : startYear,
        },
      });
    }
  }
  const plans = await writer.many<{ id: string }>('createPlan', 'CreatePlanInput', '{ id }', specs.map((spec) => spec.input));

  const issueInputs = plans.flatMap((plan, planIndex) =>
    Array.from({ length: ISSUES_PER_PLAN }, (_, index) => ({
      planId: plan.id,
      titleTh: ISSUES[(index + planIndex) % ISSUES.length],
      nationalStrategies: [1 + Math.floor(random() * 6)],
      milestones: [1 + Math.floor(random() * 13)],
      sdgGoals: [1 + Math.floor(random() * 17), 1 + Math.floor(random() * 17)].filter((goal, position, goals) => goals.indexOf(goal) === position),
    })),
  );
  const issues = await writer.many<{ id: string }>('addStrategicIssue', 'AddStrategicIssueInput', '{ id }', issueInputs);

  const objectiveInputs = issues.flatMap((issue, issueIndex) =>
    Array.from({ length: OBJECTIVES_PER_ISSUE }, (_, index) => ({
      strategicIssueId: issue.id,
      perspective: PERSPECTIVES[(issueIndex + index) % PERSPECTIVES.length],
      titleTh: OBJECTIVES[(issueIndex + index) % OBJECTIVES.length],
    })),
  );
  const objectives = await writer.many<{ id: string }>('addObjective', 'AddObjectiveInput', '{ id }', objectiveInputs);

  const links = [];
  for (let start = 0; start < objectives.length; start += OBJECTIVES_PER_ISSUE) {
    for (let index = start + 1; index < start + OBJECTIVES_PER_ISSUE; index++) links.push({ causeId: objectives[index - 1].id, effectId: objectives[index].id });
  }
  await writer.many('linkObjectives', 'LinkObjectivesInput', '{ id }', links);

  const indicatorInputs = objectives.map((objective, index) => {
    const shape = INDICATORS[index % INDICATORS.length];
    return { objectiveId: objective.id, ...shape, cascadeRule: CASCADE_RULES[index % CASCADE_RULES.length] };
  });
  const indicators = await writer.many<{ id: string }>('addIndicator', 'AddIndicatorInput', '{ id }', indicatorInputs);

  const perPlan = ISSUES_PER_PLAN * OBJECTIVES_PER_ISSUE;
  const targetInputs = indicators.map((indicator, index) => {
    const spec = specs[Math.floor(index / perPlan)];
    const values = spec.provinces.map(() => 100 + Math.floor(random() * 900));
    return {
      indicatorId: indicator.id,
      fiscalYear: 2569,
      clusterValue: String(values.reduce((sum, value) => sum + value, 0)),
      provinces: spec.provinces.map((provinceCode, position) => ({ provinceCode, value: String(values[position]) })),
    };
  });
  await writer.many('setIndicatorTargets', 'SetIndicatorTargetsInput', '{ id }', targetInputs);

  // Publishing walks the status machine with the version each step returns.
  const toPublish = plans.filter((_, index) => specs[index].publish);
  let versions = await planVersions(writer, toPublish.map((plan) => plan.id));
  for (const to of ['IN_CONSULTATION', 'COMMITTEE_APPROVED', 'PUBLISHED']) {
    const moved = await writer.many<{ id: string; version: number }>(
      'transitionPlan',
      'TransitionPlanInput',
      '{ id version }',
      toPublish.map((plan) => ({ planId: plan.id, to, version: versions.get(plan.id) })),
    );
    versions = new Map(moved.map((plan) => [plan.id, plan.version]));
  }
  return { plans: plans.length, publishedPlans: toPublish.length, indicators: indicators.length };
}

/** The current `version` of each plan, read in aliased batches. */
async function planVersions(writer: SubgraphWriter, ids: readonly string[]): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (let start = 0; start < ids.length; start += 50) {
    const batch = ids.slice(start, start + 50);
    const data = await writer.run<Record<string, { id: string; version: number }>>(
      `query PlanVersions(${batch.map((_, index) => `$p${index}: ID!`).join(', ')}) { ${batch.map((_, index) => `p${index}: plan(id: $p${index}) { id version }`).join(' ')} }`,
      Object.fromEntries(batch.map((id, index) => [`p${index}`, id])),
    );
    for (const plan of Object.values(data)) versions.set(plan.id, plan.version);
  }
  return versions;
}
