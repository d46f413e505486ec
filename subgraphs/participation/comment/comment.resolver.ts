import { Arg, Args, type ClassType, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, pageOfList, parsePage, type Connection } from '../../../kit/connection';
import { maySeePersonalData } from '../access';
import { Cluster } from '../cluster/cluster.type';
import type { ParticipationContext } from '../context';
import { DevelopmentPlan, Project, StrategicIssue } from '../entities';
import type { Comment as CommentRow } from '../generated/prisma/client';
import { Hearing } from '../hearing/hearing.type';
import { CommentFilter, ModerateCommentInput, PostCommentInput, ReportCommentInput, SupportCommentInput } from './comment.input';
import { commentReadWhere, listComments, maySeeComment, maySeeModeration, moderateComment, postComment, reportComment, supportComment } from './comment.service';
import { Comment, CommentConnection } from './comment.type';

const LIST_SIZE = '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';
const NULLABLE = 'Null, with an error naming the subgraph, when participation cannot answer.';

/** Queries and mutations of comments, and the fields of a comment. */
@Resolver(() => Comment)
export class CommentResolver {
  @Directive(LIST_SIZE)
  @Query(() => CommentConnection, {
    description:
      "Comments the caller may read, newest first, paged: on one subject when `subjectId` is given (a subject the caller cannot read is refused like an unknown id), else across subjects, replies included unless `filter.topLevel` says otherwise. The public and citizens see PUBLISHED comments; a cluster's OSM staff, agencies and admins also PENDING and HIDDEN ones.",
  })
  comments(
    @Arg('subjectId', () => ID, { nullable: true, description: 'Only comments on this DevelopmentPlan, StrategicIssue, Project or Hearing.' }) subjectId: string | null,
    @Arg('filter', () => CommentFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: CommentFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: ParticipationContext,
  ): Promise<Connection<CommentRow>> {
    return listComments(context, subjectId, filter, args);
  }

  @Mutation(() => Comment, {
    nullable: true,
    description:
      'Posts a comment, or a reply to one, as the caller: anonymous comments wait as PENDING for the cluster\'s OSM staff; signed-in authors\' (citizen, staff, agency, admin) are PUBLISHED at once. The same text from the same author within 10 minutes is refused with CONFLICT. Null, with an error at this path, when it was not stored.',
  })
  postComment(@Arg('input', () => PostCommentInput, { description: 'The subject, the text, and optionally the comment answered and contact details.' }) input: PostCommentInput, @Ctx() context: ParticipationContext): Promise<CommentRow> {
    return postComment(context, input);
  }

  @Mutation(() => Comment, {
    nullable: true,
    description:
      "Publishes or hides a comment (HIDE needs a reason), recording who decided, when and why. Needs OSM staff of the comment's cluster or an admin. CONFLICT when the comment already has that status. Null, with an error at this path, when nothing changed.",
  })
  moderateComment(@Arg('input', () => ModerateCommentInput, { description: 'The comment, PUBLISH or HIDE, and why.' }) input: ModerateCommentInput, @Ctx() context: ParticipationContext): Promise<CommentRow> {
    return moderateComment(context, input);
  }

  @Mutation(() => Comment, {
    nullable: true,
    description: 'Supports a PUBLISHED comment: one support per person (a citizen by its account, the public by its client), CONFLICT for a second. Null, with an error at this path, when it was not counted.',
  })
  supportComment(@Arg('input', () => SupportCommentInput, { description: 'The comment to support.' }) input: SupportCommentInput, @Ctx() context: ParticipationContext): Promise<CommentRow> {
    return supportComment(context, input);
  }

  @Mutation(() => Comment, {
    nullable: true,
    description:
      "Reports a PUBLISHED comment with a reason: one report per person, CONFLICT for a second. The third report sends the comment back to PENDING until the cluster's OSM staff review it. Null, with an error at this path, when it was not recorded.",
  })
  reportComment(@Arg('input', () => ReportCommentInput, { description: 'The comment and what is wrong with it.' }) input: ReportCommentInput, @Ctx() context: ParticipationContext): Promise<CommentRow> {
    return reportComment(context, input);
  }

  @FieldResolver(() => Cluster, { description: "The cluster of the comment's subject, whose OSM staff moderate it." })
  cluster(@Root() comment: CommentRow): Cluster {
    return { code: comment.clusterCode };
  }

  @FieldResolver(() => String, { nullable: true, description: "The author's full name, when given (personal data): null unless the caller is OSM staff of the comment's cluster or an admin." })
  fullName(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, comment.clusterCode) ? comment.fullName : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The author's phone number, when given (personal data): null unless the caller is OSM staff of the comment's cluster or an admin." })
  phone(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, comment.clusterCode) ? comment.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The author's e-mail address, when given (personal data): null unless the caller is OSM staff of the comment's cluster or an admin." })
  email(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, comment.clusterCode) ? comment.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Who last published or hid the comment (\"system:reports\" when reports sent it back to PENDING); null when nobody did, or unless the caller is OSM staff of the comment's cluster or an admin." })
  moderatedBy(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeeModeration(identity, comment.clusterCode) ? comment.moderatedBy : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When it was last published or hidden by a moderator; null when never, or unless the caller is OSM staff of the comment's cluster or an admin." })
  moderatedAt(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): Date | null {
    return maySeeModeration(identity, comment.clusterCode) ? comment.moderatedAt : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Why it was last published or hidden; null when no reason was given, or unless the caller is OSM staff of the comment's cluster or an admin." })
  moderationReason(@Root() comment: CommentRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeeModeration(identity, comment.clusterCode) ? comment.moderationReason : null;
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment this one replies to; null for a top-level comment, or when the caller may not read the parent (e.g. it was hidden).' })
  async parent(@Root() comment: CommentRow, @Ctx() { loaders, identity }: ParticipationContext): Promise<CommentRow | null> {
    if (!comment.parentId) return null;
    const parent = await loaders.commentById.load(comment.parentId);
    return parent && maySeeComment(identity, parent) ? parent : null;
  }

  @FieldResolver(() => [Comment], { description: 'The replies the caller may read, oldest first (threads are one level deep: a reply has no replies).' })
  async replies(@Root() comment: CommentRow, @Ctx() { loaders, identity }: ParticipationContext): Promise<CommentRow[]> {
    if (comment.parentId) return [];
    return (await loaders.repliesOfComment.load(comment.id)).filter((reply) => maySeeComment(identity, reply));
  }
}

/** A subject's top-level comments the caller may read, newest first, paged in memory. */
async function commentsOf(subjectId: string, args: ConnectionArgs, { loaders, identity }: ParticipationContext): Promise<Connection<CommentRow>> {
  const page = parsePage(args);
  return pageOfList(await loaders.topCommentsOfSubject(commentReadWhere(identity)).load(subjectId), page, 'newest first');
}

const SUBJECT_COMMENTS = "Top-level comments the caller may read (replies under each), newest first, paged: PUBLISHED ones for the public; PENDING and HIDDEN too for the cluster's OSM staff, agencies and admins.";

/**
 * A resolver class adding `comments` to a subject entity (DevelopmentPlan, StrategicIssue,
 * Project, Hearing): the same field on each, nullable on other subgraphs' entities.
 */
function createSubjectCommentsResolver(entity: ClassType<{ id: string }>, what: string, nullable: boolean) {
  @Resolver(() => entity)
  class SubjectCommentsResolver {
    @Directive(LIST_SIZE)
    @FieldResolver(() => CommentConnection, { nullable, description: `Comments on the ${what}. ${SUBJECT_COMMENTS}${nullable ? ` ${NULLABLE}` : ''}` })
    comments(@Root() subject: { id: string }, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: ParticipationContext): Promise<Connection<CommentRow>> {
      return commentsOf(subject.id, args, context);
    }
  }
  return SubjectCommentsResolver;
}

/** Every resolver class of comments, for the subgraph's resolver list. */
export const COMMENT_RESOLVERS = [
  CommentResolver,
  createSubjectCommentsResolver(DevelopmentPlan, 'plan', true),
  createSubjectCommentsResolver(StrategicIssue, 'strategic issue', true),
  createSubjectCommentsResolver(Project, 'project', true),
  createSubjectCommentsResolver(Hearing, 'hearing', false),
] as const;
