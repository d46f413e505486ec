import { CLUSTER_PROVINCES, parseClusterCode } from '../../../kit/clusters';
import { BadUserInputError } from '../../../kit/errors';
import { checkFiscalYear, cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import { ResultsVisibility, SubjectKind, SurveyStatus, type PrismaClient } from '../generated/prisma/client';
import { contactKey, displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import sampleFile from './survey.sample.json';

/** Who the sample records say created them (as ../sample.ts). */
const SAMPLE_AUTHOR = 'sample-data';

/** Reads an enum value of the sample file, refusing one the enum does not have. */
function enumValue<Value extends string>(values: Record<string, Value>, value: string, field: string): Value {
  if (!(Object.values(values) as string[]).includes(value)) throw new BadUserInputError(`${field} must be one of ${Object.values(values).join(', ')}; got ${value}.`, field);
  return value as Value;
}

/**
 * Loads the sample priority surveys of `survey.sample.json` (`isSample: true`): a CLOSED survey of
 * N1 on its sample plan, with answers from invented people, and an OPEN survey of N2 with LIVE
 * results. Idempotent: fixed ids, `skipDuplicates`, nothing existing is changed. The data goes
 * through the checks user input would (texts, fiscal year, contact details, ranks within
 * maxChoices, provinces of the cluster, choices among the survey's options).
 *
 * @throws BadUserInputError when the sample file breaks one of those rules.
 */
export async function seedSampleSurveys(prisma: PrismaClient): Promise<void> {
  const surveys = sampleFile.surveys.map((survey) => {
    const clusterCode = parseClusterCode(survey.clusterCode);
    const optionIds = new Set(survey.options.map((option) => parseId(option.id)));
    for (const response of survey.responses) {
      if (response.choices.length < 1 || response.choices.length > survey.maxChoices || response.choices.some((id) => !optionIds.has(id)) || new Set(response.choices).size !== response.choices.length) {
        throw new BadUserInputError(`Sample response ${response.id}: choices must be 1 to ${survey.maxChoices} distinct options of its survey.`, 'choices');
      }
      if (!CLUSTER_PROVINCES[clusterCode]?.includes(response.provinceCode)) throw new BadUserInputError(`Sample response ${response.id}: province ${response.provinceCode} is not in ${clusterCode}.`, 'provinceCode');
    }
    return { ...survey, clusterCode };
  });
  await prisma.survey.createMany({
    skipDuplicates: true,
    data: surveys.map((survey) => ({
      id: parseId(survey.id),
      clusterCode: survey.clusterCode,
      subjectKind: enumValue(SubjectKind, survey.subjectKind, 'subjectKind'),
      subjectId: parseId(survey.subjectId, 'subjectId'),
      fiscalYear: checkFiscalYear(survey.fiscalYear),
      titleTh: cleanText(survey.titleTh, 'titleTh', { max: 300 }),
      titleEn: cleanOptionalText(survey.titleEn, 'titleEn', { max: 300 }),
      descriptionTh: cleanOptionalText(survey.descriptionTh, 'descriptionTh', { max: 4000, multiline: true }),
      status: enumValue(SurveyStatus, survey.status, 'status'),
      resultsVisibility: enumValue(ResultsVisibility, survey.resultsVisibility, 'resultsVisibility'),
      maxChoices: survey.maxChoices,
      closedAt: survey.closedAt ? new Date(survey.closedAt) : null,
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(survey.createdAt),
      isSample: true,
    })),
  });
  // A survey id a user already took keeps the user's survey: the sample one (and its children) is left out.
  const stored = new Set((await prisma.survey.findMany({ where: { id: { in: surveys.map((s) => s.id) }, isSample: true }, select: { id: true } })).map((row) => row.id));
  const present = surveys.filter((survey) => stored.has(survey.id));
  await prisma.surveyOption.createMany({
    skipDuplicates: true,
    data: present.flatMap((survey) =>
      survey.options.map((option, index) => ({
        id: parseId(option.id),
        surveyId: survey.id,
        position: index + 1,
        subjectKind: option.subjectKind ? enumValue(SubjectKind, option.subjectKind, 'subjectKind') : null,
        subjectId: option.subjectId ? parseId(option.subjectId, 'subjectId') : null,
        labelTh: cleanText(option.labelTh, 'labelTh', { max: 300 }),
        labelEn: cleanOptionalText(option.labelEn, 'labelEn', { max: 300 }),
      })),
    ),
  });
  await prisma.surveyResponse.createMany({
    skipDuplicates: true,
    data: present.flatMap((survey) =>
      survey.responses.map((response) => {
        const fullName = parseFullName(response.fullName);
        const email = response.email ? parseEmail(response.email) : null;
        const phone = response.phone ? parsePhone(response.phone) : null;
        return {
          id: parseId(response.id),
          surveyId: survey.id,
          clusterCode: survey.clusterCode,
          respondentKey: contactKey(email, phone) ?? `sample:${response.id}`,
          displayName: displayNameOf(null, fullName),
          fullName,
          email,
          phone,
          provinceCode: response.provinceCode,
          createdAt: new Date(response.createdAt),
          isSample: true,
        };
      }),
    ),
  });
  await prisma.surveyChoice.createMany({
    skipDuplicates: true,
    data: present.flatMap((survey) => survey.responses.flatMap((response) => response.choices.map((optionId, index) => ({ responseId: response.id, optionId, rank: index + 1 })))),
  });
}
