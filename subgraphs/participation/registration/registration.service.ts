import { BadUserInputError, ConflictError, NotFoundError } from '../../../kit/errors';
import { parseId } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeStaffWrite, participantOf } from '../access';
import type { ParticipationContext } from '../context';
import type { HearingStatus, Registration } from '../generated/prisma/client';
import { ATTENDANCE_OPEN, REGISTRATION_OPEN } from '../hearing/hearing.lifecycle';
import { hearingForWrite } from '../hearing/hearing.service';
import { contactKey, displayNameOf, parseEmail, parseFullName, parseNationalId, parsePhone, protectNationalId } from '../personal/contact';
import type { RecordAttendanceInput, RegisterForHearingInput } from './registration.input';

function registrationClosed(hearingId: string, status: HearingStatus): BadUserInputError {
  return new BadUserInputError(`Hearing ${hearingId} is ${status}: registration is open only while a hearing is SCHEDULED or OPEN.`, 'hearingId');
}

function alreadyRegistered(hearingId: string): ConflictError {
  return new ConflictError(`You are already registered for hearing ${hearingId} (one registration per person: the same citizen account, or the same e-mail address or phone number).`);
}

/**
 * Registers a person for a hearing. Every role may register (the public anonymously, a citizen
 * under its `sub`); the hearing must be SCHEDULED or OPEN and not full. One registration per
 * person and hearing: per citizen `sub`, else per e-mail address (else phone number).
 *
 * Capacity holds under concurrency: the hearing's row is locked (`SELECT … FOR UPDATE`) in the
 * transaction that counts its registrations and inserts, so concurrent registrations for the
 * last place queue behind each other and exactly `capacity` succeed. The national ID number is
 * checked and hashed before the transaction (scrypt is slow on purpose), never stored whole.
 *
 * @throws NotFoundError for an unknown hearing; BadUserInputError naming the field for an empty
 *   name, a malformed phone, e-mail or national ID number, neither phone nor e-mail, or a hearing
 *   that is CLOSED or REPORTED; ConflictError when the person is already registered, or when the
 *   hearing is full (the message says so, with its capacity).
 */
export async function registerForHearing({ prisma, identity }: ParticipationContext, input: RegisterForHearingInput): Promise<Registration> {
  const hearing = await hearingForWrite(prisma, input.hearingId);
  if (!REGISTRATION_OPEN.includes(hearing.status)) throw registrationClosed(hearing.id, hearing.status);
  const fullName = parseFullName(input.fullName);
  if (!fullName) throw new BadUserInputError('fullName must not be empty: give your full name.', 'fullName');
  const phone = input.phone === null || input.phone === undefined || input.phone.trim() === '' ? null : parsePhone(input.phone);
  const email = input.email === null || input.email === undefined || input.email.trim() === '' ? null : parseEmail(input.email);
  const byContact = contactKey(email, phone);
  if (!byContact) throw new BadUserInputError('Give a phone number or an e-mail address (or both), so the OSM can reach you about the hearing.', 'phone');
  const displayName = displayNameOf(input.displayName, fullName);
  const nationalId =
    input.nationalId === null || input.nationalId === undefined || input.nationalId.trim() === '' ? null : await protectNationalId(parseNationalId(input.nationalId));
  const participant = participantOf(identity);
  const registrantKey = participant.role === 'citizen' && participant.personKey ? participant.personKey : byContact;
  try {
    return await prisma.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: HearingStatus; capacity: number | null }[]>`SELECT "status"::text AS "status", "capacity" FROM "Hearing" WHERE "id" = ${hearing.id} FOR UPDATE`;
      if (!locked) throw new NotFoundError('hearingId names no hearing; list hearings with Query.hearings to find the id.', 'hearingId');
      if (!REGISTRATION_OPEN.includes(locked.status)) throw registrationClosed(hearing.id, locked.status);
      const existing = await tx.registration.findUnique({ where: { hearingId_registrantKey: { hearingId: hearing.id, registrantKey } }, select: { id: true } });
      if (existing) throw alreadyRegistered(hearing.id);
      if (locked.capacity !== null) {
        const taken = await tx.registration.count({ where: { hearingId: hearing.id } });
        if (taken >= locked.capacity) {
          throw new ConflictError(`Hearing ${hearing.id} is full: all ${locked.capacity} places are taken. Ask the OSM of cluster ${hearing.clusterCode} about a waiting list or another session.`);
        }
      }
      return tx.registration.create({
        data: {
          hearingId: hearing.id,
          clusterCode: hearing.clusterCode,
          displayName,
          fullName,
          phone,
          email,
          nationalIdHash: nationalId?.nationalIdHash ?? null,
          nationalIdLast4: nationalId?.nationalIdLast4 ?? null,
          citizenSub: participant.citizenSub,
          registrantKey,
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyRegistered(hearing.id);
    throw error;
  }
}

/**
 * Records whether a registered person attended. Needs OSM staff of the hearing's cluster or an
 * admin, while the hearing is OPEN or CLOSED.
 *
 * @throws NotFoundError for an unknown registration; UnauthenticatedError / ForbiddenError;
 *   BadUserInputError when the hearing is SCHEDULED or REPORTED.
 */
export async function recordAttendance({ prisma, identity }: ParticipationContext, input: RecordAttendanceInput): Promise<Registration> {
  const id = parseId(input.registrationId, 'registrationId');
  const registration = await prisma.registration.findUnique({ where: { id }, include: { hearing: { select: { id: true, status: true, clusterCode: true } } } });
  if (!registration) throw new NotFoundError('registrationId names no registration; list them with Hearing.registrations to find the id.', 'registrationId');
  authorizeStaffWrite(identity, registration.hearing.clusterCode);
  if (!ATTENDANCE_OPEN.includes(registration.hearing.status)) {
    throw new BadUserInputError(
      `Hearing ${registration.hearing.id} is ${registration.hearing.status}: attendance is recorded while a hearing is OPEN or CLOSED.`,
      'registrationId',
    );
  }
  return prisma.registration.update({
    where: { id },
    data: { attended: input.attended, attendedAt: input.attended ? new Date() : null },
  });
}
