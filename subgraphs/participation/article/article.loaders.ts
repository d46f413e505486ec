import { createChildrenLoader, createRowLoader } from '../../../kit/loaders';
import type { Article, ArticleAttachment, PrismaClient } from '../generated/prisma/client';
import { ARTICLE_ORDER } from './article.paging';

/**
 * The article loaders, one statement per kind of lookup and tick, whatever the number of parents:
 * articles by id, every article of a cluster (in list order; the resolver keeps those the caller
 * may read), and the attachments of articles.
 */
export function createArticleLoaders(prisma: PrismaClient) {
  return {
    articleById: createRowLoader<string, Article>(
      (ids) => prisma.article.findMany({ where: { id: { in: [...ids] } } }),
      (article) => article.id,
    ),
    articlesOfCluster: createChildrenLoader<string, Article>(
      (codes) => prisma.article.findMany({ where: { clusterCode: { in: [...codes] } }, orderBy: [...ARTICLE_ORDER] }),
      (article) => article.clusterCode,
    ),
    attachmentsOfArticle: createChildrenLoader<string, ArticleAttachment>(
      (ids) => prisma.articleAttachment.findMany({ where: { articleId: { in: [...ids] } }, orderBy: [{ position: 'asc' }] }),
      (attachment) => attachment.articleId,
    ),
  };
}
