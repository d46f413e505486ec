import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { CommentStatus, SubjectKind } from '../generated/prisma/enums';

registerEnumType(CommentStatus, {
  name: 'CommentStatus',
  description: 'Where a comment stands in moderation. Anonymous comments start PENDING; signed-in comments start PUBLISHED.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the cluster\'s OSM staff: shown to them, agencies and admins only.' },
    PUBLISHED: { description: 'Shown to everyone.' },
    HIDDEN: { description: 'Hidden by the cluster\'s OSM staff, with a reason: shown to them, agencies and admins only.' },
  },
});

// SubjectKind is shared by hearings, comments and surveys: registered once, here.
registerEnumType(SubjectKind, {
  name: 'SubjectKind',
  description: 'What a hearing, comment or survey is about.',
  valuesConfig: {
    PLAN: { description: 'A development plan (DevelopmentPlan, owned by the strategy subgraph).' },
    STRATEGIC_ISSUE: { description: 'A strategic issue of a plan (StrategicIssue, owned by the strategy subgraph).' },
    PROJECT: { description: 'A project (Project, owned by the budget subgraph).' },
    HEARING: { description: 'A public hearing (Hearing, owned by this subgraph).' },
  },
});

/**
 * A comment row as the resolvers receive it; personal and moderation fields are resolved by the
 * comment resolver, which returns them only to callers who may see them.
 */
@ObjectType({
  description:
    'A comment (ความคิดเห็น) on a plan, strategic issue, project or hearing, or a reply to one. Plain text. Personal fields (fullName, phone, email) are null unless the caller is OSM staff of the cluster that collected them or an admin; moderation fields are null unless the caller is that staff or an admin.',
})
export class Comment {
  @Field(() => ID, { description: 'The comment id (a UUID).' })
  id!: string;

  @Field(() => CommentStatus, { description: 'PENDING (waiting for moderation), PUBLISHED or HIDDEN.' })
  status!: CommentStatus;

  @Field(() => String, { description: 'The text, plain (no markup), line breaks kept; at most 2,000 characters.' })
  body!: string;

  @Field(() => String, { description: 'The name shown for the author: chosen by the author, or "ผู้ไม่ประสงค์ออกนาม" (anonymous).' })
  displayName!: string;

  @Field(() => String, { description: 'Role of the author when posting: public (anonymous), citizen (signed in), osm-staff, agency, admin…' })
  authorRole!: string;

  @Field(() => SubjectKind, { description: 'What the comment is about: a plan, strategic issue, project or hearing.' })
  subjectKind!: SubjectKind;

  @Field(() => ID, { description: 'The id of what the comment is about (a DevelopmentPlan, StrategicIssue, Project or Hearing id).' })
  subjectId!: string;

  @Field(() => Int, { description: 'How many people support the comment (one support per person).' })
  supportCount!: number;

  @Field(() => Int, { description: 'How many people reported the comment (one report per person).' })
  reportCount!: number;

  @Field(() => Date, { description: 'When it was posted.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
  parentId!: string | null;
  fullName!: string | null;
  phone!: string | null;
  email!: string | null;
  moderatedBy!: string | null;
  moderatedAt!: Date | null;
  moderationReason!: string | null;
}

/** A page of comments, newest first. */
export const CommentConnection = createConnectionType(Comment, 'Comment', 'comment', 'newest first');
