import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OfficeUnit, PositionKind } from '../generated/prisma/client';

export { OfficeUnit, PositionKind };

registerEnumType(PositionKind, {
  name: 'PositionKind',
  description: 'The kind of an OSM position under the staffing framework of the founding document (section 7).',
  valuesConfig: {
    CIVIL_SERVANT: { description: 'ข้าราชการ: a civil servant (at most 4 per OSM).' },
    GOVERNMENT_EMPLOYEE: { description: 'พนักงานราชการ: a government employee (at most 3 per OSM).' },
  },
});

registerEnumType(OfficeUnit, {
  name: 'OfficeUnit',
  description: 'The three units of an OSM (the founding document, section 6).',
  valuesConfig: {
    GENERAL_ADMINISTRATION: { description: 'ฝ่ายบริหารทั่วไป: General Administration.' },
    STRATEGY_DEVELOPMENT: { description: 'กลุ่มพัฒนายุทธศาสตร์: Strategy Development.' },
    MONITORING_EVALUATION: { description: 'กลุ่มติดตามและประเมินผล: Monitoring and Evaluation.' },
  },
});

@ObjectType({ description: 'One of the three units of an OSM, with its duties as the founding document lists them.' })
export class OsmOfficeUnit {
  @Field(() => OfficeUnit, { description: 'Which unit.' })
  code!: OfficeUnit;

  @Field(() => String, { description: 'Name in Thai, e.g. "ฝ่ายบริหารทั่วไป".' })
  nameTh!: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn!: string;

  @Field(() => [String], { description: 'Its duties in Thai, in the document\'s order.' })
  dutiesTh!: string[];

  @Field(() => [String], { description: 'Its duties in English, in the same order.' })
  dutiesEn!: string[];
}

@ObjectType({ description: 'An order of the Office of the Permanent Secretary for Interior that set up the OSMs.' })
export class EstablishingOrder {
  @Field(() => String, { description: 'Order number/year (Buddhist Era), e.g. "110/2551".' })
  number!: string;

  @Field(() => String, { description: 'Who issued it, in Thai.' })
  issuerTh!: string;

  @Field(() => String, { description: 'Who issued it, in English.' })
  issuerEn!: string;

  @Field(() => String, { description: 'The date, YYYY-MM-DD (Gregorian), as the founding document gives it.' })
  date!: string;

  @Field(() => String, { description: 'The date as written in Thai, Buddhist Era, e.g. "27 กุมภาพันธ์ 2551".' })
  dateBe!: string;

  @Field(() => String, { description: 'What it orders, in Thai.' })
  subjectTh!: string;

  @Field(() => String, { description: 'What it orders, in English.' })
  subjectEn!: string;
}

@ObjectType({ description: 'The initial staffing framework of an OSM (the founding document, section 7); writes of positions that exceed it are refused.' })
export class StaffingFramework {
  @Field(() => Int, { description: 'At most this many positions in all (7).' })
  maxTotal!: number;

  @Field(() => Int, { description: 'At most this many CIVIL_SERVANT positions (4).' })
  civilServants!: number;

  @Field(() => Int, { description: 'At most this many GOVERNMENT_EMPLOYEE positions (3).' })
  governmentEmployees!: number;

  @Field(() => String, { description: 'The rule as the founding document states it, in Thai.' })
  ruleTh!: string;

  @Field(() => String, { description: 'The rule in English.' })
  ruleEn!: string;
}

/** A position row; `holderName` is resolved with the reader's rights. */
@ObjectType({ description: 'A position in a cluster\'s OSM, of one kind and in one unit. None are seeded: the founding document names none.' })
export class OsmPosition {
  @Field(() => ID, { description: 'The position id (a UUID).' })
  id!: string;

  @Field(() => PositionKind, { description: 'Civil servant or government employee.' })
  kind!: PositionKind;

  @Field(() => String, { description: 'The position title in Thai, e.g. "นักวิเคราะห์นโยบายและแผนชำนาญการ".' })
  titleTh!: string;

  @Field(() => OfficeUnit, { description: 'The unit it belongs to.' })
  unit!: OfficeUnit;

  clusterCode!: string;
  holderName!: string | null;
  createdAt!: Date;
}

/** The office of a cluster: the founding document's set-up, plus the cluster's positions. */
@ObjectType({
  description:
    "A cluster's Office of Strategy Management (สำนักบริหารยุทธศาสตร์กลุ่มจังหวัด) as the founding document sets it up: reporting line, three units with duties, establishing orders, staffing framework, and the cluster's recorded positions. What the document does not state (which 10 clusters were the pilots) is null, not invented.",
})
export class OsmOffice {
  @Field(() => String, { description: 'Name in Thai.' })
  nameTh!: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn!: string;

  @Field(() => String, { description: 'Whom it reports to, in Thai.' })
  reportsToTh!: string;

  @Field(() => String, { description: 'Whom it reports to, in English.' })
  reportsToEn!: string;

  @Field(() => [OsmOfficeUnit], { description: 'Its three units, with duties.' })
  units!: OsmOfficeUnit[];

  @Field(() => [EstablishingOrder], { description: 'The orders that established the OSMs: 110/2551 and 260/2551.' })
  orders!: EstablishingOrder[];

  @Field(() => StaffingFramework, { description: 'The initial staffing framework: at most 7 positions, 4 civil servants and 3 government employees.' })
  staffingFramework!: StaffingFramework;

  @Field(() => Int, { description: 'How many clusters order 260/2551 made pilots (10).' })
  pilotCount!: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether this office was one of the 10 pilots of order 260/2551. Always null: the sources do not say which 10 clusters they were.',
  })
  wasPilot!: boolean | null;

  clusterCode!: string;
  parentAgencyCode!: string;
}
