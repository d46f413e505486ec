import { Arg, Args, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, parsePage, type Connection } from '../../../kit/connection';
import { maySeePersonalData } from '../access';
import type { ParticipationContext } from '../context';
import { Project } from '../entities';
import type { CitizenFeedback as FeedbackRow } from '../generated/prisma/client';
import { GiveFeedbackInput } from './feedback.input';
import { giveFeedback, summaryOf } from './feedback.service';
import { CitizenFeedback, CitizenFeedbackConnection, FeedbackSummary } from './feedback.type';

/** Giving feedback, and the personal fields of a feedback. */
@Resolver(() => CitizenFeedback)
export class CitizenFeedbackResolver {
  @Mutation(() => CitizenFeedback, {
    nullable: true,
    description:
      "Rates a project you can read from 1 to 5, with an optional comment and your province (one of the project's cluster). Anyone may give feedback; a signed-in citizen gives it under its account. Null, with an error at this path, when it was not stored.",
  })
  giveFeedback(@Arg('input', () => GiveFeedbackInput, { description: 'The feedback.' }) input: GiveFeedbackInput, @Ctx() context: ParticipationContext): Promise<FeedbackRow> {
    return giveFeedback(context, input);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the feedback is about (null through the gateway when you may no longer read it).' })
  project(@Root() feedback: FeedbackRow): Project {
    return { id: feedback.projectId };
  }

  @FieldResolver(() => String, { nullable: true, description: "The giver's full name: only for the staff of the project's cluster and admins; null for everyone else, and when not given." })
  fullName(@Root() feedback: FeedbackRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, feedback.clusterCode) ? feedback.fullName : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The giver's phone number: only for the staff of the project's cluster and admins; null for everyone else, and when not given." })
  phone(@Root() feedback: FeedbackRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, feedback.clusterCode) ? feedback.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The giver's e-mail address: only for the staff of the project's cluster and admins; null for everyone else, and when not given." })
  email(@Root() feedback: FeedbackRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, feedback.clusterCode) ? feedback.email : null;
  }
}

/** The feedback fields this subgraph adds to Project. */
@Resolver(() => Project)
export class ProjectFeedbackResolver {
  @FieldResolver(() => FeedbackSummary, {
    nullable: true,
    description: "Citizens' satisfaction with the project: count, average and distribution of ratings. Null, with an error naming the subgraph, when participation cannot answer.",
  })
  async feedbackSummary(@Root() project: Project, @Ctx() { loaders }: ParticipationContext): Promise<FeedbackSummary> {
    return summaryOf(await loaders.ratingsOfProject.load(project.id));
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => CitizenFeedbackConnection, {
    nullable: true,
    description: "Citizens' feedback on the project, newest first (ratings, comments, provinces and display names; personal fields for the cluster's staff and admins only). Null, with an error naming the subgraph, when participation cannot answer.",
  })
  async feedback(@Root() project: Project, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders }: ParticipationContext): Promise<Connection<FeedbackRow>> {
    const page = parsePage(args);
    return loaders.feedbackPage(page).load(project.id);
  }
}

/** Every resolver class of the feedback area, for the subgraph's resolver list. */
export const FEEDBACK_RESOLVERS = [CitizenFeedbackResolver, ProjectFeedbackResolver] as const;
