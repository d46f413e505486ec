import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { ArticleKind, ArticleStatus } from '../generated/prisma/client';

export { ArticleKind, ArticleStatus };

registerEnumType(ArticleKind, {
  name: 'ArticleKind',
  description: "What an article is: one of the OSM's duties is to publish news and knowledge (duty 6).",
  valuesConfig: {
    NEWS: { description: 'News (ข่าวสาร): an event, a decision, an announcement of the cluster.' },
    KNOWLEDGE: { description: 'Knowledge (องค์ความรู้): a guide, a lesson learnt, a study, meant to be read for longer.' },
  },
});

registerEnumType(ArticleStatus, {
  name: 'ArticleStatus',
  description: "Where an article is: DRAFT → PUBLISHED (publishArticle) → ARCHIVED (archiveArticle). The public reads PUBLISHED articles only; the cluster's staff, agencies and admins read all.",
  valuesConfig: {
    DRAFT: { description: 'Being written; seen by the cluster\'s staff, agencies and admins only.' },
    PUBLISHED: { description: 'Public, with `publishedAt`.' },
    ARCHIVED: { description: 'Withdrawn from the public; kept for the record (publishing it again restores it).' },
  },
});

/** One attachment's metadata, as stored. */
@ObjectType({ description: 'A file attached to an article, by its metadata: the file itself lives at `url`.' })
export class ArticleAttachment {
  @Field(() => ID, { description: 'The attachment id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its place in the article\'s list, from 1.' })
  position!: number;

  @Field(() => String, { description: 'The file name shown to readers, e.g. "สรุปผลการประชุม.pdf".' })
  name!: string;

  @Field(() => String, { description: 'The media type, e.g. "application/pdf" or "image/png".' })
  mediaType!: string;

  @Field(() => Int, { description: 'The file size in bytes.' })
  sizeBytes!: number;

  @Field(() => String, { description: 'Where the file is (an https URL).' })
  url!: string;
}

/** An article row; `cluster` and `attachments` are resolved by the article resolver. */
@ObjectType({
  description: "A news item or knowledge article published by a cluster's OSM, in Thai and optionally English. The public reads PUBLISHED articles; the cluster's staff, agencies and admins also drafts and archived ones.",
})
export class Article {
  @Field(() => ID, { description: 'The article id (a UUID).' })
  id!: string;

  @Field(() => ArticleKind, { description: 'News or knowledge.' })
  kind!: ArticleKind;

  @Field(() => ArticleStatus, { description: 'Draft, published or archived.' })
  status!: ArticleStatus;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => String, { nullable: true, description: 'Short summary in Thai, when given.' })
  summaryTh!: string | null;

  @Field(() => String, { nullable: true, description: 'Short summary in English, when given.' })
  summaryEn!: string | null;

  @Field(() => String, { description: 'The text in Thai (plain text; paragraphs separated by blank lines).' })
  bodyTh!: string;

  @Field(() => String, { nullable: true, description: 'The text in English, when given (plain text).' })
  bodyEn!: string | null;

  @Field(() => [String], { description: 'Tags, normalised: trimmed, Latin letters in lower case, no duplicates; at most 10.' })
  tags!: string[];

  @Field(() => Date, { nullable: true, description: 'When it was first published; null for a draft never published.' })
  publishedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it with updateArticle; it goes up with every change.' })
  version!: number;

  @Field(() => Date, { description: 'When the article was created.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the article last changed.' })
  updatedAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
}

/** `Query.articles` and `Cluster.articles`: drafts first, then published articles newest first. */
export const ArticleConnection = createConnectionType(Article, 'Article', 'article', 'newest first');

/** Which articles `Query.articles` returns. */
@InputType({ description: 'Which articles to list; every condition given must hold.' })
export class ArticleFilter {
  @Field(() => String, { nullable: true, description: 'Only this cluster\'s articles, e.g. "N1".' })
  clusterCode?: string | null;

  @Field(() => ArticleKind, { nullable: true, description: 'Only news, or only knowledge.' })
  kind?: ArticleKind | null;

  @Field(() => String, { nullable: true, description: 'Only articles with this tag (compared as tags are stored: trimmed, Latin letters in lower case).' })
  tag?: string | null;

  @Field(() => ArticleStatus, {
    nullable: true,
    description: 'Only articles in this status. The public and callers outside the cluster only ever get PUBLISHED articles, whatever this says.',
  })
  status?: ArticleStatus | null;

  @Field(() => String, { nullable: true, description: 'Only articles published on or after this date (YYYY-MM-DD, Asia/Bangkok).' })
  publishedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only articles published on or before this date (YYYY-MM-DD, Asia/Bangkok).' })
  publishedTo?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Text the title, summary or body contains, Thai or English, in any case (up to 100 characters). Any substring matches, so a Thai word is found without spaces around it.',
  })
  search?: string | null;
}
