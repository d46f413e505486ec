import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../subgraphs/participation/generated/prisma/client';
import { contactKey, displayNameOf } from '../../subgraphs/participation/personal/contact';

/** A person who took part, with contact details (normalised, as the writes store them). */
export interface TestPerson {
  readonly fullName: string;
  readonly email: string;
  readonly phone: string;
  readonly citizenSub?: string;
  readonly nationalIdLast4?: string;
}

/** The ids of the records {@link seedPersonalRecords} wrote. */
export interface PersonalRecords {
  readonly hearingId: string;
  readonly registrationId: string;
  readonly commentId: string;
  readonly surveyId: string;
  readonly responseId: string;
  readonly feedbackId: string;
}

/**
 * Writes, straight through the participation Prisma client, one record of each kind holding a
 * person's data in `clusterCode`: a registration for a new hearing, a PUBLISHED comment, a survey
 * answer (to a CLOSED survey) and feedback on a project. Tests of privacy use it so they do not
 * depend on the mutations that create these records.
 *
 * @param subjects what the hearing and comment are about and the project the feedback is on
 *   (random ids when not given).
 */
export async function seedPersonalRecords(
  prisma: PrismaClient,
  clusterCode: string,
  person: TestPerson,
  subjects: { planId?: string; projectId?: string } = {},
): Promise<PersonalRecords> {
  const planId = subjects.planId ?? randomUUID();
  const projectId = subjects.projectId ?? randomUUID();
  const displayName = displayNameOf(null, person.fullName);
  const personal = { clusterCode, displayName, fullName: person.fullName, phone: person.phone, email: person.email, citizenSub: person.citizenSub ?? null };
  const key = person.citizenSub ? `sub:${person.citizenSub}` : (contactKey(person.email, person.phone) as string);
  const hearing = await prisma.hearing.create({
    data: {
      clusterCode,
      subjectKind: 'PLAN',
      subjectId: planId,
      titleTh: 'เวทีรับฟังความคิดเห็นทดสอบ',
      startsAt: new Date('2026-03-01T02:00:00Z'),
      status: 'OPEN',
      purposeTh: 'เพื่อการทดสอบ',
      createdBy: 'test',
    },
  });
  const registration = await prisma.registration.create({
    data: { ...personal, hearingId: hearing.id, registrantKey: key, nationalIdHash: 'aa:bb', nationalIdLast4: person.nationalIdLast4 ?? '1234' },
  });
  const comment = await prisma.comment.create({
    data: { ...personal, subjectKind: 'PLAN', subjectId: planId, body: 'ควรเพิ่มงบประมาณด้านน้ำ', bodyDigest: randomUUID(), status: 'PUBLISHED', authorRole: person.citizenSub ? 'citizen' : 'public' },
  });
  const survey = await prisma.survey.create({
    data: { clusterCode, fiscalYear: 2570, titleTh: 'สำรวจลำดับความสำคัญทดสอบ', status: 'CLOSED', closedAt: new Date(), createdBy: 'test', options: { create: [{ position: 1, labelTh: 'น้ำ' }] } },
    include: { options: true },
  });
  const response = await prisma.surveyResponse.create({
    data: { ...personal, surveyId: survey.id, respondentKey: key, choices: { create: [{ optionId: survey.options[0].id, rank: 1 }] } },
  });
  const feedback = await prisma.citizenFeedback.create({
    data: { ...personal, projectId, provinceCode: '50', rating: 4, body: 'โครงการดีมาก' },
  });
  return { hearingId: hearing.id, registrationId: registration.id, commentId: comment.id, surveyId: survey.id, responseId: response.id, feedbackId: feedback.id };
}
