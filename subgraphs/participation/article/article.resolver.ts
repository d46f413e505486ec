import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, type Connection } from '../../../kit/connection';
import { parseId } from '../../../kit/validate';
import { readsUnpublished } from '../access';
import { Cluster } from '../cluster/cluster.type';
import type { ParticipationContext } from '../context';
import { ArticleStatus, type Article as ArticleRow, type ArticleAttachment as AttachmentRow } from '../generated/prisma/client';
import { ArticleStatusInput, CreateArticleInput, UpdateArticleInput } from './article.input';
import { pageOfArticles, parseArticlePage } from './article.paging';
import { createArticle, listArticles, mayReadArticle, setArticleStatus, updateArticle } from './article.service';
import { Article, ArticleAttachment, ArticleConnection, ArticleFilter, ArticleKind } from './article.type';

const STORED = 'Null, with an error at this path, when nothing was stored.';
const LIST_SIZE = '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';

/** News and knowledge: reads, and the writes of a cluster's staff. */
@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: 'One article by id; null when none has it or the caller may not read it (a draft, for the public).' })
  async article(@Arg('id', () => ID, { description: 'The article id.' }) id: string, @Ctx() { loaders, identity }: ParticipationContext): Promise<ArticleRow | null> {
    const article = await loaders.articleById.load(parseId(id));
    return article && mayReadArticle(identity, article) ? article : null;
  }

  @Directive(LIST_SIZE)
  @Query(() => ArticleConnection, {
    description: "News and knowledge articles the caller may read, drafts first, then newest published first, paged. The public reads PUBLISHED articles; a cluster's staff also its drafts and archived ones; agencies and admins all.",
  })
  articles(
    @Arg('filter', () => ArticleFilter, { nullable: true, description: 'Which articles; all the caller may read when left out.' }) filter: ArticleFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<Connection<ArticleRow>> {
    return listArticles(prisma, identity, filter, args);
  }

  @Mutation(() => Article, { nullable: true, description: `Writes a new article as a DRAFT. Needs OSM staff of the cluster, or an admin. ${STORED}` })
  createArticle(
    @Arg('input', () => CreateArticleInput, { description: 'The article.' }) input: CreateArticleInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<ArticleRow> {
    return createArticle(prisma, identity, input);
  }

  @Mutation(() => Article, { nullable: true, description: `Changes a draft or published article (CONFLICT when \`version\` is stale). Needs OSM staff of its cluster, or an admin. ${STORED}` })
  updateArticle(
    @Arg('input', () => UpdateArticleInput, { description: 'The changes.' }) input: UpdateArticleInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<ArticleRow> {
    return updateArticle(prisma, identity, input);
  }

  @Mutation(() => Article, {
    nullable: true,
    description: `Publishes an article: PUBLISHED, readable by everyone, with \`publishedAt\` set the first time. Needs OSM staff of its cluster, or an admin. ${STORED}`,
  })
  publishArticle(
    @Arg('input', () => ArticleStatusInput, { description: 'The article to publish.' }) input: ArticleStatusInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<ArticleRow> {
    return setArticleStatus(prisma, identity, input, ArticleStatus.PUBLISHED);
  }

  @Mutation(() => Article, { nullable: true, description: `Withdraws an article from the public (ARCHIVED); publishing it again restores it. Needs OSM staff of its cluster, or an admin. ${STORED}` })
  archiveArticle(
    @Arg('input', () => ArticleStatusInput, { description: 'The article to archive.' }) input: ArticleStatusInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<ArticleRow> {
    return setArticleStatus(prisma, identity, input, ArticleStatus.ARCHIVED);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster that published the article.' })
  cluster(@Root() article: ArticleRow): Cluster {
    return { code: article.clusterCode };
  }

  @FieldResolver(() => [ArticleAttachment], { description: 'The files attached, in order.' })
  attachments(@Root() article: ArticleRow, @Ctx() { loaders }: ParticipationContext): Promise<AttachmentRow[]> {
    return loaders.attachmentsOfArticle.load(article.id);
  }
}

/** `Cluster.articles`. */
@Resolver(() => Cluster)
export class ClusterArticlesResolver {
  @Directive(LIST_SIZE)
  @FieldResolver(() => ArticleConnection, {
    nullable: true,
    description:
      "The cluster's news and knowledge articles the caller may read (PUBLISHED for the public; drafts too for its staff, agencies and admins), drafts first, then newest published first, paged. Null, with an error naming the subgraph, when participation cannot answer.",
  })
  async articles(
    @Root() cluster: Cluster,
    @Arg('kind', () => ArticleKind, { nullable: true, description: 'Only news, or only knowledge; both when left out.' }) kind: ArticleKind | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders, identity }: ParticipationContext,
  ): Promise<Connection<ArticleRow>> {
    const page = parseArticlePage(args);
    const unpublished = readsUnpublished(identity, cluster.code);
    const rows = (await loaders.articlesOfCluster.load(cluster.code)).filter(
      (article) => (unpublished || article.status === ArticleStatus.PUBLISHED) && (!kind || article.kind === kind),
    );
    return pageOfArticles(rows, page);
  }
}
