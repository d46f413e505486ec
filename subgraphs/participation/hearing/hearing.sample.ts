import { parseClusterCode } from '../../../kit/clusters';
import { BadUserInputError } from '../../../kit/errors';
import { cleanOptionalText, cleanText, parseDate, parseId } from '../../../kit/validate';
import { HearingStatus, SubjectKind, type PrismaClient } from '../generated/prisma/client';
import { contactKey, displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import sampleFile from '../sample.json';
import { DEFAULT_PURPOSE_TH, startOfHearingDay } from './hearing.service';

/** Who the sample records say created them. */
const SAMPLE_AUTHOR = 'sample-data';

function sampleEnum<Value extends string>(values: Record<string, Value>, value: string | null, field: string): Value | null {
  if (value === null) return null;
  if (!(Object.values(values) as string[]).includes(value)) throw new BadUserInputError(`${field} ${value} is not one of ${Object.values(values).join(', ')}.`, field);
  return value as Value;
}

/**
 * Loads the sample hearings and registrations of `sample.json` (four clusters, fiscal year 2569:
 * a REPORTED hearing with its report in each, SCHEDULED, OPEN and CLOSED ones, and a few
 * registrations of fictitious people), marked `isSample: true`. Fixed ids and `skipDuplicates`:
 * a restart adds nothing twice and never changes a row that exists. The data goes through the
 * same checks as a user's input.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedHearingSample(prisma: PrismaClient): Promise<void> {
  const hearings = sampleFile.hearings.map((hearing) => ({
    id: parseId(hearing.id),
    clusterCode: parseClusterCode(hearing.clusterCode),
    subjectKind: sampleEnum(SubjectKind, hearing.subjectKind, 'subjectKind'),
    subjectId: hearing.subjectId ? parseId(hearing.subjectId, 'subjectId') : null,
    titleTh: cleanText(hearing.titleTh, 'titleTh', { max: 300 }),
    titleEn: cleanOptionalText(hearing.titleEn, 'titleEn', { max: 300 }),
    provinceCode: hearing.provinceCode,
    venueTh: cleanOptionalText(hearing.venueTh, 'venueTh', { max: 300 }),
    onlineUrl: hearing.onlineUrl ?? null,
    startsAt: startOfHearingDay(parseDate(hearing.heldOn, 'heldOn')),
    capacity: hearing.capacity,
    status: sampleEnum(HearingStatus, hearing.status, 'status') ?? HearingStatus.SCHEDULED,
    purposeTh: DEFAULT_PURPOSE_TH,
    reportTh: cleanOptionalText(hearing.reportTh, 'reportTh', { max: 20000, multiline: true }),
    reportedAt: hearing.reportedAt ? new Date(hearing.reportedAt) : null,
    createdBy: SAMPLE_AUTHOR,
    createdAt: new Date(hearing.createdAt),
    isSample: true,
  }));
  await prisma.hearing.createMany({ skipDuplicates: true, data: hearings });
  const clusterOf = new Map(hearings.map((hearing) => [hearing.id, hearing.clusterCode]));
  await prisma.registration.createMany({
    skipDuplicates: true,
    data: sampleFile.registrations.map((registration) => {
      const fullName = parseFullName(registration.fullName);
      const phone = registration.phone ? parsePhone(registration.phone) : null;
      const email = registration.email ? parseEmail(registration.email) : null;
      return {
        id: parseId(registration.id),
        hearingId: registration.hearingId,
        clusterCode: clusterOf.get(registration.hearingId) ?? '',
        displayName: displayNameOf(registration.displayName, fullName),
        fullName,
        phone,
        email,
        registrantKey: contactKey(email, phone) ?? `sample:${registration.id}`,
        attended: registration.attended,
        attendedAt: registration.attended ? startOfHearingDay(parseDate(sampleFile.hearings.find((hearing) => hearing.id === registration.hearingId)?.heldOn ?? '', 'heldOn')) : null,
        createdAt: new Date(registration.createdAt),
        isSample: true,
      };
    }),
  });
}
