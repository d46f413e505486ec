import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One of the six strategies of the 20-year National Strategy (ยุทธศาสตร์ชาติ พ.ศ. 2561-2580).' })
export class NationalStrategy {
  @Field(() => String, { description: 'Project-assigned code, "NS1" to "NS6".' })
  code!: string;

  @Field(() => Int, { description: 'The strategy number, 1 to 6; strategic issues align to it by this number.' })
  number!: number;

  @Field(() => String, { description: 'Thai name, e.g. "ยุทธศาสตร์ชาติด้านความมั่นคง".' })
  nameTh!: string;

  @Field(() => String, { description: 'English name.' })
  nameEn!: string;
}

@ObjectType({
  description: 'One of the 13 milestones (หมุดหมาย) of the 13th National Economic and Social Development Plan (2566-2570).',
})
export class PlanMilestone {
  @Field(() => String, { description: 'Project-assigned code, "MS1" to "MS13".' })
  code!: string;

  @Field(() => Int, { description: 'The milestone number, 1 to 13; strategic issues align to it by this number.' })
  number!: number;

  @Field(() => String, { description: 'Thai title, from secondary sources (see `verified`).' })
  nameTh!: string;

  @Field(() => String, { description: "The researcher's English translation; no official English title exists in the sources." })
  nameEnInformal!: string;

  @Field(() => Boolean, { description: 'False: the titles were not seen in the official NESDC text.' })
  verified!: boolean;
}

@ObjectType({
  description:
    'One of the 17 Sustainable Development Goals of the 2030 Agenda (UN resolution A/RES/70/1); sources in prisma/strategy/seed/SOURCES.md and sdg-goals.json.',
})
export class SdgGoal {
  @Field(() => Int, { description: 'The goal number, 1 to 17; strategic issues align to it by this number.' })
  number!: number;

  @Field(() => String, { description: 'Code, "SDG1" to "SDG17".' })
  code!: string;

  @Field(() => String, { description: 'The UN short name, e.g. "No Poverty".' })
  nameEn!: string;

  @Field(() => String, { description: 'The goal text of A/RES/70/1, e.g. "End poverty in all its forms everywhere".' })
  titleEn!: string;

  @Field(() => String, { nullable: true, description: 'Thai name; null where the sources read gave none (goals 16 and 17), never a translation made here.' })
  nameTh!: string | null;
}
