import { parseClusterCode } from '../../../kit/clusters';
import type { Connection } from '../../../kit/connection';
import { bangkokDays } from '../../../kit/fiscal';
import { BadUserInputError, ConflictError, NotFoundError, preview } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import { authorizeStaffWrite, readableWhere, readsUnpublished } from '../access';
import { type Article, ArticleStatus, type Prisma, type PrismaClient } from '../generated/prisma/client';
import type { ArticleAttachmentInput, ArticleStatusInput, CreateArticleInput, UpdateArticleInput } from './article.input';
import { afterArticle, ARTICLE_ORDER, parseArticlePage, toArticleConnection } from './article.paging';
import type { ArticleFilter } from './article.type';

/** Longest title, in characters (one line). */
export const TITLE_MAX = 300;
/** Longest summary, in characters. */
export const SUMMARY_MAX = 1000;
/** Longest body, in characters. */
export const BODY_MAX = 20_000;
/** Most tags per article, and longest tag. */
export const TAGS_MAX = 10;
export const TAG_MAX = 40;
/** Most attachments per article, longest attachment name, largest file, longest URL. */
export const ATTACHMENTS_MAX = 20;
export const ATTACHMENT_NAME_MAX = 200;
export const ATTACHMENT_SIZE_MAX = 100 * 1024 * 1024;
export const URL_MAX = 2000;

/** The media types an attachment may have: documents, spreadsheets, slides, text and web images. */
export const ATTACHMENT_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
  'text/csv',
  'text/plain',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

/**
 * Normalises tags: each cleaned as one line (NFC, trimmed) of at most {@link TAG_MAX}
 * characters, inner spaces collapsed, lower-cased (Thai has no case; "PDPA" and "pdpa" are one
 * tag), duplicates dropped keeping the first; at most {@link TAGS_MAX}.
 *
 * @throws BadUserInputError naming `tags` or `tags[i]`.
 */
export function normaliseTags(tags: readonly string[], field = 'tags'): string[] {
  const result: string[] = [];
  tags.forEach((tag, index) => {
    const text = cleanText(tag, `${field}[${index}]`, { max: TAG_MAX }).replace(/\s+/gu, ' ').toLowerCase();
    if (!result.includes(text)) result.push(text);
  });
  if (result.length > TAGS_MAX) throw new BadUserInputError(`${field} may hold at most ${TAGS_MAX} different tags; got ${result.length}.`, field);
  return result;
}

/** Checks an attachment's URL: https, a host, no user name or password, no spaces or control characters. */
function parseAttachmentUrl(value: string, field: string): string {
  const text = value.trim();
  const problem = `${field} must be an https URL such as "https://n1.osm.go.th/files/report.pdf", without user name or password, up to ${URL_MAX} characters; got ${preview(value)}.`;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (text.length === 0 || text.length > URL_MAX || /[\s\u0000-\u001F\u007F]/u.test(text)) throw new BadUserInputError(problem, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(problem, field);
  }
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') throw new BadUserInputError(problem, field);
  return url.href;
}

/** Attachment rows (without article id) from input, checked. */
export function parseAttachments(attachments: readonly ArticleAttachmentInput[], field = 'attachments') {
  if (attachments.length > ATTACHMENTS_MAX) {
    throw new BadUserInputError(`${field} may hold at most ${ATTACHMENTS_MAX} files; got ${attachments.length}. Put more files in one archive.`, field);
  }
  return attachments.map((attachment, index) => {
    const at = `${field}[${index}]`;
    const mediaType = attachment.mediaType.trim().toLowerCase();
    if (!ATTACHMENT_MEDIA_TYPES.has(mediaType)) {
      throw new BadUserInputError(
        `${at}.mediaType must be one of ${[...ATTACHMENT_MEDIA_TYPES].join(', ')}; got ${preview(attachment.mediaType)}. Convert the file, or put it in a zip archive.`,
        `${at}.mediaType`,
      );
    }
    if (!Number.isInteger(attachment.sizeBytes) || attachment.sizeBytes < 1 || attachment.sizeBytes > ATTACHMENT_SIZE_MAX) {
      throw new BadUserInputError(`${at}.sizeBytes must be between 1 and ${ATTACHMENT_SIZE_MAX} (100 MB); got ${attachment.sizeBytes}.`, `${at}.sizeBytes`);
    }
    return {
      position: index + 1,
      name: cleanText(attachment.name, `${at}.name`, { max: ATTACHMENT_NAME_MAX }),
      mediaType,
      sizeBytes: attachment.sizeBytes,
      url: parseAttachmentUrl(attachment.url, `${at}.url`),
    };
  });
}

const title = (value: string, field: string) => cleanText(value, field, { max: TITLE_MAX });
const optionalTitle = (value: string | null | undefined, field: string) => cleanOptionalText(value, field, { max: TITLE_MAX });
const optionalSummary = (value: string | null | undefined, field: string) => cleanOptionalText(value, field, { max: SUMMARY_MAX, multiline: true });
const body = (value: string, field: string) => cleanText(value, field, { max: BODY_MAX, multiline: true });
const optionalBody = (value: string | null | undefined, field: string) => cleanOptionalText(value, field, { max: BODY_MAX, multiline: true });

/**
 * Creates a draft article after checking rights and every field.
 *
 * @throws UnauthenticatedError / ForbiddenError unless OSM staff of the cluster or an admin;
 *   BadUserInputError naming the field at fault.
 */
export async function createArticle(prisma: PrismaClient, identity: Identity, input: CreateArticleInput): Promise<Article> {
  const { clusterCode, author } = authorizeStaffWrite(identity, input.clusterCode);
  const data = {
    clusterCode,
    kind: input.kind,
    titleTh: title(input.titleTh, 'titleTh'),
    titleEn: optionalTitle(input.titleEn, 'titleEn'),
    summaryTh: optionalSummary(input.summaryTh, 'summaryTh'),
    summaryEn: optionalSummary(input.summaryEn, 'summaryEn'),
    bodyTh: body(input.bodyTh, 'bodyTh'),
    bodyEn: optionalBody(input.bodyEn, 'bodyEn'),
    tags: normaliseTags(input.tags ?? []),
    createdBy: author,
  };
  const attachments = parseAttachments(input.attachments ?? []);
  return prisma.article.create({ data: { ...data, attachments: { create: attachments } } });
}

/** Loads an article for a write and checks the caller may write its cluster. */
async function articleForWrite(prisma: PrismaClient, identity: Identity, articleId: string): Promise<Article> {
  const id = parseId(articleId, 'articleId');
  const article = await prisma.article.findUnique({ where: { id } });
  // A caller who may not read a draft learns nothing more from NOT_FOUND than from FORBIDDEN.
  if (!article) throw new NotFoundError('articleId names no article; list articles with Query.articles to find the id.', 'articleId');
  authorizeStaffWrite(identity, article.clusterCode, 'articleId');
  return article;
}

function staleVersion(article: Article): ConflictError {
  return new ConflictError(`Article ${article.id} is at version ${article.version}; read it again, apply your change to it and send that version.`, article.version);
}

/**
 * Changes a draft or published article: fields left out stay, null clears optional ones; tags and
 * attachments given replace the lists. Archived articles are not changed (publish them again first).
 *
 * @throws BadUserInputError for invalid fields or an archived article; NotFoundError;
 *   ConflictError when `version` is not the current one (nothing is written).
 */
export async function updateArticle(prisma: PrismaClient, identity: Identity, input: UpdateArticleInput): Promise<Article> {
  const article = await articleForWrite(prisma, identity, input.articleId);
  if (article.status === ArticleStatus.ARCHIVED) {
    throw new BadUserInputError('This article is archived; publish it again (publishArticle) before changing it.', 'articleId');
  }
  const required = (value: string | null | undefined, field: string, clean: (v: string, f: string) => string) => {
    if (value === undefined) return undefined;
    if (value === null) throw new BadUserInputError(`${field} cannot be cleared; leave it out to keep it.`, field);
    return clean(value, field);
  };
  const optional = (value: string | null | undefined, field: string, clean: (v: string | null | undefined, f: string) => string | null) =>
    value === undefined ? undefined : clean(value, field);
  const data: Prisma.ArticleUpdateManyMutationInput = {
    kind: input.kind ?? undefined,
    titleTh: required(input.titleTh, 'titleTh', title),
    titleEn: optional(input.titleEn, 'titleEn', optionalTitle),
    summaryTh: optional(input.summaryTh, 'summaryTh', optionalSummary),
    summaryEn: optional(input.summaryEn, 'summaryEn', optionalSummary),
    bodyTh: required(input.bodyTh, 'bodyTh', body),
    bodyEn: optional(input.bodyEn, 'bodyEn', optionalBody),
    tags: input.tags === undefined || input.tags === null ? undefined : normaliseTags(input.tags),
  };
  const attachments = input.attachments === undefined || input.attachments === null ? undefined : parseAttachments(input.attachments);
  if (input.version !== article.version) throw staleVersion(article);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.article.updateMany({
      where: { id: article.id, version: input.version, status: { not: ArticleStatus.ARCHIVED } },
      data: { ...data, version: { increment: 1 } },
    });
    const updated = await tx.article.findUniqueOrThrow({ where: { id: article.id } });
    if (count === 0) throw staleVersion(updated);
    if (attachments) {
      await tx.articleAttachment.deleteMany({ where: { articleId: article.id } });
      await tx.articleAttachment.createMany({ data: attachments.map((attachment) => ({ ...attachment, articleId: article.id })) });
    }
    return updated;
  });
}

/**
 * Moves an article to `status` (PUBLISHED or ARCHIVED). Publishing sets `publishedAt` the first
 * time (an archived article published again keeps its date). Already there: returned unchanged.
 *
 * @throws NotFoundError; ConflictError when `version` is given and stale.
 */
export async function setArticleStatus(prisma: PrismaClient, identity: Identity, input: ArticleStatusInput, status: ArticleStatus): Promise<Article> {
  const article = await articleForWrite(prisma, identity, input.articleId);
  const version = input.version ?? article.version;
  if (version !== article.version) throw staleVersion(article);
  if (article.status === status) return article;
  const { count } = await prisma.article.updateMany({
    where: { id: article.id, version },
    data: { status, version: { increment: 1 }, ...(status === ArticleStatus.PUBLISHED && !article.publishedAt ? { publishedAt: new Date() } : {}) },
  });
  const updated = await prisma.article.findUniqueOrThrow({ where: { id: article.id } });
  if (count === 0) throw staleVersion(updated);
  return updated;
}

/** Whether the caller may read `article`: PUBLISHED for everyone, the rest per {@link readsUnpublished}. */
export function mayReadArticle(identity: Identity, article: Article): boolean {
  return article.status === ArticleStatus.PUBLISHED || readsUnpublished(identity, article.clusterCode);
}

/** The articles the caller may read, as a Prisma condition. */
function visibleArticles(identity: Identity): Prisma.ArticleWhereInput {
  return readableWhere<Prisma.ArticleWhereInput>(identity, { status: ArticleStatus.PUBLISHED });
}

/** The Prisma conditions of an article filter, validated first. */
export function articleFilterWhere(filter: ArticleFilter | null | undefined): Prisma.ArticleWhereInput[] {
  if (!filter) return [];
  const where: Prisma.ArticleWhereInput[] = [];
  if (filter.clusterCode !== null && filter.clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter.kind !== null && filter.kind !== undefined) where.push({ kind: filter.kind });
  if (filter.status !== null && filter.status !== undefined) where.push({ status: filter.status });
  if (filter.tag !== null && filter.tag !== undefined) where.push({ tags: { has: normaliseTags([filter.tag], 'filter.tag')[0] } });
  const published = bangkokDays(filter.publishedFrom, filter.publishedTo, { from: 'filter.publishedFrom', to: 'filter.publishedTo' });
  if (published) where.push({ publishedAt: published });
  if (filter.search !== null && filter.search !== undefined) {
    const text = cleanText(filter.search, 'filter.search', { max: 100 });
    where.push({
      OR: (['titleTh', 'titleEn', 'summaryTh', 'summaryEn', 'bodyTh', 'bodyEn'] as const).map((column) => ({ [column]: { contains: text, mode: 'insensitive' } })),
    });
  }
  return where;
}

/**
 * One page of the articles the caller may read that match `filter`: drafts first, then by
 * publication, newest first. Two statements (the page and the total).
 *
 * @throws BadUserInputError for an invalid filter, `first` or `after`.
 */
export async function listArticles(
  prisma: PrismaClient,
  identity: Identity,
  filter: ArticleFilter | null | undefined,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<Article>> {
  const page = parseArticlePage(args);
  const where: Prisma.ArticleWhereInput = { AND: [visibleArticles(identity), ...articleFilterWhere(filter)] };
  const [rows, total] = await Promise.all([
    prisma.article.findMany({ where: { AND: [where, afterArticle(page.after)] }, orderBy: [...ARTICLE_ORDER], take: page.first + 1 }),
    prisma.article.count({ where }),
  ]);
  return toArticleConnection(rows, page, total);
}
