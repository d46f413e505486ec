import { parseClusterCode } from '../../../kit/clusters';
import { cleanOptionalText, cleanText } from '../../../kit/validate';
import { ArticleKind, ArticleStatus, type PrismaClient } from '../generated/prisma/client';
import sampleFile from './article.sample.json';
import { BODY_MAX, normaliseTags, parseAttachments, SUMMARY_MAX, TITLE_MAX } from './article.service';

/** Who the sample articles say wrote them. */
const SAMPLE_AUTHOR = 'sample-data';

/**
 * Loads the sample news and knowledge articles of `article.sample.json` (clusters N1, NE3, E1 and
 * S2; one N1 draft), marked `isSample`, through the same checks as `createArticle`. Idempotent:
 * fixed ids and `skipDuplicates` (attachments are unique per article and position), so a restart
 * adds nothing and changes nothing.
 *
 * @throws BadUserInputError when the file breaks a rule a user's input would.
 */
export async function seedSampleArticles(prisma: PrismaClient): Promise<void> {
  const articles = sampleFile.articles.map((article) => ({
    row: {
      id: article.id,
      clusterCode: parseClusterCode(article.clusterCode),
      kind: ArticleKind[article.kind as keyof typeof ArticleKind],
      status: ArticleStatus[article.status as keyof typeof ArticleStatus],
      titleTh: cleanText(article.titleTh, 'titleTh', { max: TITLE_MAX }),
      titleEn: cleanOptionalText(article.titleEn, 'titleEn', { max: TITLE_MAX }),
      summaryTh: cleanOptionalText(article.summaryTh, 'summaryTh', { max: SUMMARY_MAX, multiline: true }),
      summaryEn: cleanOptionalText(article.summaryEn, 'summaryEn', { max: SUMMARY_MAX, multiline: true }),
      bodyTh: cleanText(article.bodyTh, 'bodyTh', { max: BODY_MAX, multiline: true }),
      bodyEn: cleanOptionalText(article.bodyEn, 'bodyEn', { max: BODY_MAX, multiline: true }),
      tags: normaliseTags(article.tags),
      publishedAt: article.publishedAt ? new Date(article.publishedAt) : null,
      createdAt: new Date(article.createdAt),
      updatedAt: new Date(article.publishedAt ?? article.createdAt),
      createdBy: SAMPLE_AUTHOR,
      isSample: true,
    },
    attachments: parseAttachments(article.attachments).map((attachment) => ({ ...attachment, articleId: article.id })),
  }));
  await prisma.article.createMany({ skipDuplicates: true, data: articles.map(({ row }) => row) });
  await prisma.articleAttachment.createMany({ skipDuplicates: true, data: articles.flatMap(({ attachments }) => attachments) });
}
