import { FISCAL_YEARS, seededRandom, type SubgraphWriter } from './client';

/** What the budget generator made. */
export interface BudgetCounts {
  readonly projects: number;
}

const PROJECTS = ['พัฒนาเส้นทางท่องเที่ยวเชิงวัฒนธรรม', 'ยกระดับมาตรฐานสินค้าเกษตรปลอดภัย', 'ก่อสร้างถนนเชื่อมโยงแหล่งท่องเที่ยว', 'ส่งเสริมวิสาหกิจชุมชน', 'ฟื้นฟูแหล่งน้ำเพื่อการเกษตร'];

/**
 * Projects for every cluster through `createProject`: `10 × scale` per cluster, spread over
 * fiscal years 2568–2570, amounts from 0.5 to 50 million baht.
 *
 * The budget subgraph is the one whose schema grows next (budget lines, contracts): their
 * records are generated here, after the projects they belong to, and counted in {@link BudgetCounts}.
 */
export async function generateBudget(writer: SubgraphWriter, clusterCodes: readonly string[], scale: number): Promise<BudgetCounts> {
  const random = seededRandom(0xb0d6e7 + scale);
  const inputs = clusterCodes.flatMap((clusterCode) =>
    Array.from({ length: 10 * scale }, (_, index) => ({
      clusterCode,
      fiscalYear: FISCAL_YEARS[index % FISCAL_YEARS.length],
      nameTh: `${PROJECTS[index % PROJECTS.length]} กลุ่มจังหวัด ${clusterCode} ระยะที่ ${index + 1}`,
      nameEn: `Project ${index + 1} of cluster ${clusterCode}`,
      amountBaht: `${500_000 + Math.floor(random() * 49_500_000)}.00`,
    })),
  );
  const projects = await writer.many<{ id: string }>('createProject', 'CreateProjectInput', '{ id }', inputs);
  return { projects: projects.length };
}
