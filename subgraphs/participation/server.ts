import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { ArticleResolver, ClusterArticlesResolver } from './article/article.resolver';
import { ClusterHearingsResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { COMMENT_RESOLVERS } from './comment/comment.resolver';
import { DevelopmentPlan, Project, Province, StrategicIssue } from './entities';
import { PrismaClient } from './generated/prisma/client';
import { FEEDBACK_RESOLVERS } from './feedback/feedback.resolver';
import { HearingResolver } from './hearing/hearing.resolver';
import { PlanHearingsResolver, ProjectHearingsResolver, StrategicIssueHearingsResolver } from './hearing/subject-hearings.resolver';
import { createLoaders } from './loaders';
import { PersonalDataRecordResolver, PersonalDataResolver } from './personal/personal-data.resolver';
import { RegistrationResolver } from './registration/registration.resolver';
import { seedSample } from './sample';
import { SURVEY_RESOLVERS } from './survey/survey.resolver';

/**
 * The participation subgraph: hearings and registrations, comments and their moderation, priority
 * surveys, citizen feedback on projects, news and knowledge articles, and the data-subject
 * requests of the PDPA. Adds hearings, comments, surveys, feedback and articles to the entities of
 * strategy and budget it refers to by key (entities.ts).
 */
export const participationSubgraph = defineSubgraph({
  name: 'participation',
  PrismaClient,
  resolvers: [HearingResolver, ClusterHearingsResolver, RegistrationResolver, PlanHearingsResolver, StrategicIssueHearingsResolver, ProjectHearingsResolver, ...COMMENT_RESOLVERS, ...SURVEY_RESOLVERS, ...FEEDBACK_RESOLVERS, ArticleResolver, ClusterArticlesResolver, PersonalDataResolver, PersonalDataRecordResolver],
  orphanedTypes: [Cluster, DevelopmentPlan, StrategicIssue, Project, Province],
  references: {
    Hearing: { __resolveReference: (ref, { loaders }) => loaders.hearingById.load(String(ref.id)) },
    Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    DevelopmentPlan: { __resolveReference: (ref) => ({ id: String(ref.id) }) },
    StrategicIssue: { __resolveReference: (ref) => ({ id: String(ref.id) }) },
    Project: { __resolveReference: (ref) => ({ id: String(ref.id) }) },
    Province: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
  },
  createLoaders,
  seedSample,
});
