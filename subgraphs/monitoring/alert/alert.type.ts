import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { AlertSeverity } from '../generated/prisma/enums';

registerEnumType(AlertSeverity, {
  name: 'AlertSeverity',
  description: 'How urgently OSM staff should act on an alert.',
  valuesConfig: {
    INFO: { description: 'For information; no action needed.' },
    WARNING: { description: 'An indicator or project is drifting off target.' },
    CRITICAL: { description: 'A target or a disbursement deadline is at risk now.' },
  },
});

/** An alert row; `cluster` and `sequence` are resolved by the alert resolver. */
@ObjectType({ description: 'A monitoring alert raised for a cluster. Alerts are stored before they are published.' })
@Directive('@key(fields: "id")')
export class Alert {
  @Field(() => ID, { description: 'The alert id (a UUID).' })
  id!: string;

  @Field(() => AlertSeverity, { description: 'How urgent the alert is.' })
  severity!: AlertSeverity;

  @Field(() => String, { description: 'What happened, in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Details, in Thai.' })
  detailTh!: string | null;

  @Field(() => Date, { description: 'When the alert was stored (ISO 8601, UTC).' })
  raisedAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
}

export { AlertSeverity };
