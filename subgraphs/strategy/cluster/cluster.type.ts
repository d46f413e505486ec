import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/** How well the sources support a cluster's operations-centre (lead) province. */
export enum LeadProvinceStatus {
  HEAD_CONFIRMED_POST_2560 = 'head-confirmed-post-2560',
  CENTRE_STATED_SECONDARY = 'centre-stated-secondary',
  INFERRED_POST_2560 = 'inferred-post-2560',
  CONFIRMED_PRE_2560_ONLY = 'confirmed-pre-2560-only',
  CANDIDATE_NOT_CONFIRMED = 'candidate-not-confirmed',
  NOT_FOUND = 'not-found',
}

registerEnumType(LeadProvinceStatus, {
  name: 'LeadProvinceStatus',
  description: 'How well the sources support the operations-centre (lead) province of a cluster.',
  valuesConfig: {
    HEAD_CONFIRMED_POST_2560: { description: "A post-2560 source names the province's governor head of the cluster." },
    CENTRE_STATED_SECONDARY: { description: 'A secondary source (encyclopedia) states the province is the operations centre.' },
    INFERRED_POST_2560: { description: "Post-2560 evidence that the governor chairs the cluster board, without the words 'head of cluster'. Unverified." },
    CONFIRMED_PRE_2560_ONLY: { description: 'Confirmed only for the 2551/2552 arrangement. Unverified for today.' },
    CANDIDATE_NOT_CONFIRMED: { description: 'Plausible from indirect evidence only. Treat as unknown.' },
    NOT_FOUND: { description: 'No evidence found.' },
  },
});

/** A provincial cluster (กลุ่มจังหวัด) as stored; relations are resolved by field resolvers. */
@ObjectType({
  description:
    'A provincial cluster (กลุ่มจังหวัด): one of the 18 groups of provinces that plan and budget together, each served by an Office of Strategy Management (OSM). Codes N1…S3 are assigned by this project, not official.',
})
@Directive('@key(fields: "code")')
export class Cluster {
  @Field(() => String, { description: 'Project-assigned code, e.g. "N1" (upper northern 1) or "NE3".' })
  code!: string;

  @Field(() => String, { description: 'Thai name as used in the 2560 announcement, e.g. "กลุ่มจังหวัดภาคเหนือตอนบน 1".' })
  nameTh!: string;

  @Field(() => String, {
    description: 'English name. No official English names were found: unless `nameEnVerified` is true this is a descriptive rendering.',
  })
  nameEn!: string;

  @Field(() => Boolean, { description: 'True only when `nameEn` comes from an official source.' })
  nameEnVerified!: boolean;

  @Field(() => String, { description: 'The ภาค (one of six regions of the cluster announcement) in Thai.' })
  regionTh!: string;

  @Field(() => String, { description: 'The ภาค in English (descriptive).' })
  regionEn!: string;

  @Field(() => String, { description: 'The sources that support the list of member provinces.' })
  membersBasis!: string;

  leadProvinceCode!: string | null;
  leadProvinceStatus!: string;
  leadProvinceVerified!: boolean;
  leadProvinceBasis!: string;
}

/** What the sources say about a cluster's operations-centre province, candidate included. */
@ObjectType({
  description:
    "The evidence about a cluster's operations-centre (lead) province. `province` may be a candidate: read `verified` and `status` before presenting it as fact.",
})
export class LeadProvinceClaim {
  @Field(() => LeadProvinceStatus, { description: 'How well the sources support the claim.' })
  status!: LeadProvinceStatus;

  @Field(() => Boolean, { description: 'True when the sources confirm this province for the current arrangement.' })
  verified!: boolean;

  @Field(() => String, { description: 'What the evidence is, with sources.' })
  basis!: string;

  provinceCode!: string | null;
}
