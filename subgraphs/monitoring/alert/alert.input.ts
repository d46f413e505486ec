import { Field, InputType } from 'type-graphql';
import { AlertSeverity } from './alert.type';

@InputType({ description: 'A new alert for a cluster.' })
export class RaiseAlertInput {
  @Field(() => String, { description: 'The cluster the alert concerns, e.g. "NE3".' })
  clusterCode!: string;

  @Field(() => AlertSeverity, { description: 'How urgent the alert is.' })
  severity!: AlertSeverity;

  @Field(() => String, { description: 'What happened, in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Details, in Thai (up to 4000 characters).' })
  detailTh?: string | null;
}
