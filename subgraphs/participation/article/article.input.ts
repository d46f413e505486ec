import { Field, ID, InputType, Int } from 'type-graphql';
import { ArticleKind } from './article.type';

@InputType({ description: 'Metadata of a file to attach to an article (the file itself is stored elsewhere, at `url`).' })
export class ArticleAttachmentInput {
  @Field(() => String, { description: 'The file name shown to readers: one line, up to 200 characters.' })
  name!: string;

  @Field(() => String, {
    description: 'The media type, `type/subtype`: application/pdf, Word, Excel or PowerPoint (OOXML), text/csv, text/plain, image/jpeg, image/png or image/webp.',
  })
  mediaType!: string;

  @Field(() => Int, { description: 'The file size in bytes, 1 to 104,857,600 (100 MB).' })
  sizeBytes!: number;

  @Field(() => String, { description: 'Where the file is: an https URL without user name or password, up to 2,000 characters.' })
  url!: string;
}

@InputType({ description: 'A new article, saved as a draft.' })
export class CreateArticleInput {
  @Field(() => String, { description: 'The cluster publishing it, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => ArticleKind, { description: 'News or knowledge.' })
  kind!: ArticleKind;

  @Field(() => String, { description: 'Title in Thai: one line, up to 300 characters.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English: one line, up to 300 characters.' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in Thai, up to 1,000 characters.' })
  summaryTh?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in English, up to 1,000 characters.' })
  summaryEn?: string | null;

  @Field(() => String, { description: 'The text in Thai: plain text, line breaks kept, up to 20,000 characters.' })
  bodyTh!: string;

  @Field(() => String, { nullable: true, description: 'The text in English: plain text, up to 20,000 characters.' })
  bodyEn?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'Tags, at most 10 of up to 40 characters each; trimmed, Latin letters lower-cased, duplicates dropped.' })
  tags!: string[];

  @Field(() => [ArticleAttachmentInput], { defaultValue: [], description: 'Files attached, at most 20, in the order given.' })
  attachments!: ArticleAttachmentInput[];
}

@InputType({
  description: 'Changes to a draft or published article. A field left out stays as it is; null clears an optional field. `tags` and `attachments`, when given, replace the whole list.',
})
export class UpdateArticleInput {
  @Field(() => ID, { description: 'The article to change.' })
  articleId!: string;

  @Field(() => Int, { description: 'The version you read; a newer version in the hub makes the write fail with CONFLICT.' })
  version!: number;

  @Field(() => ArticleKind, { nullable: true, description: 'News or knowledge.' })
  kind?: ArticleKind | null;

  @Field(() => String, { nullable: true, description: 'Title in Thai (cannot be cleared).' })
  titleTh?: string | null;

  @Field(() => String, { nullable: true, description: 'Title in English.' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in Thai.' })
  summaryTh?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in English.' })
  summaryEn?: string | null;

  @Field(() => String, { nullable: true, description: 'The text in Thai (cannot be cleared).' })
  bodyTh?: string | null;

  @Field(() => String, { nullable: true, description: 'The text in English.' })
  bodyEn?: string | null;

  @Field(() => [String], { nullable: true, description: 'The new tags (replace the old ones).' })
  tags?: string[] | null;

  @Field(() => [ArticleAttachmentInput], { nullable: true, description: 'The new attachments (replace the old ones).' })
  attachments?: ArticleAttachmentInput[] | null;
}

@InputType({ description: 'An article to publish or archive.' })
export class ArticleStatusInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;

  @Field(() => Int, { nullable: true, description: 'The version you read, when you want CONFLICT if it changed since; leave out to act on the latest.' })
  version?: number | null;
}
