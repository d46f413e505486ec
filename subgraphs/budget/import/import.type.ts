import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'A file to import: CSV (UTF-8) or XLSX (first worksheet), with a header row naming the columns in English or Thai.' })
export class ImportFileInput {
  @Field(() => String, { description: 'The cluster whose projects or contracts the rows name, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => String, { description: 'The file name; its extension (.csv or .xlsx) says the format, and the content must agree.' })
  fileName!: string;

  @Field(() => String, { description: "The file's bytes encoded as standard base64; at most 3 MiB of file." })
  contentBase64!: string;
}

@ObjectType({ description: 'One problem in an import file.' })
export class ImportError {
  @Field(() => Int, { description: 'The line as a spreadsheet numbers it: the header is line 1, the first row line 2.' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column header as written in the file; null for a problem of the whole row or a missing column.' })
  column!: string | null;

  @Field(() => String, { description: 'What is wrong and how to fix it.' })
  message!: string;
}

@ObjectType({
  description:
    'What an import did. All or nothing: when any row is rejected nothing is written (`imported` false) and `errors` lists every problem; otherwise every row is written or was already there.',
})
export class ImportReport {
  @Field(() => Int, { description: 'Rows that passed every check.' })
  accepted!: number;

  @Field(() => Int, { description: 'Rows with at least one problem (every row, when the header itself is wrong).' })
  rejected!: number;

  @Field(() => [ImportError], { description: 'The problems, by line (at most 500 listed, then one line saying how many more).' })
  errors!: ImportError[];

  @Field(() => Boolean, { description: 'Whether the file was written: true only when no row was rejected.' })
  imported!: boolean;

  @Field(() => Int, { description: 'Rows written as new records (0 unless imported).' })
  created!: number;

  @Field(() => Int, { description: 'Rows already recorded exactly so (importing the same file again gives all rows here).' })
  unchanged!: number;

  @Field(() => String, { description: 'The format read: "csv" or "xlsx".' })
  format!: string;
}
