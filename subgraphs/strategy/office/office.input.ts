import { Field, ID, InputType } from 'type-graphql';
import { OfficeUnit, PositionKind } from './office.type';

@InputType({ description: "A new position in a cluster's OSM, within the staffing framework." })
export class AddOfficePositionInput {
  @Field(() => String, { description: 'The cluster code, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => PositionKind, { description: 'Civil servant (at most 4) or government employee (at most 3).' })
  kind!: PositionKind;

  @Field(() => String, { description: 'The position title in Thai (up to 200 characters).' })
  titleTh!: string;

  @Field(() => OfficeUnit, { description: 'The unit it belongs to.' })
  unit!: OfficeUnit;

  @Field(() => String, { nullable: true, description: 'Who holds it, when filled (up to 200 characters).' })
  holderName?: string | null;
}

@InputType({ description: "A position to remove from a cluster's OSM." })
export class RemoveOfficePositionInput {
  @Field(() => ID, { description: 'The position.' })
  positionId!: string;
}
