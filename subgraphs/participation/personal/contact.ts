import { randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { promisify } from 'node:util';
import { BadUserInputError } from '../../../kit/errors';
import { cleanOptionalText, cleanText } from '../../../kit/validate';

/**
 * Citizens' contact details under the PDPA: checking, normalising and protecting them, in one
 * place. Every participation write that collects personal data goes through these functions, and
 * the data-subject requests (export, erasure) match records by the normalised forms they produce.
 */

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

/** The name shown for anonymous contributions, and for a person's contributions after erasure. */
export const ANONYMOUS_NAME = 'ผู้ไม่ประสงค์ออกนาม';

/** Longest full name and display name, in characters. */
export const NAME_MAX = 200;
export const DISPLAY_NAME_MAX = 60;

/**
 * Checks a Thai national ID number (เลขประจำตัวประชาชน): 13 digits, spaces or dashes allowed
 * between them, the last a check digit: (11 − Σ dᵢ·(14−i) mod 11) mod 10 over the first twelve.
 *
 * @returns the 13 digits.
 * @throws BadUserInputError naming `field`, never echoing the number.
 */
export function parseNationalId(value: string, field = 'nationalId'): string {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(digits)) throw new BadUserInputError(`${field} must be the 13 digits of a Thai national ID number.`, field);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (13 - i);
  if ((11 - (sum % 11)) % 10 !== Number(digits[12])) {
    throw new BadUserInputError(`${field} is not a valid Thai national ID number (its check digit does not match); check the number on the card.`, field);
  }
  return digits;
}

/** scrypt cost: about 50 ms per hash on one core, so trying all 10¹² valid numbers is out of reach. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SCRYPT_MEMORY = 64 * 1024 * 1024;

/**
 * How a national ID number is stored: a salted scrypt hash (`<salt hex>:<hash hex>`) and the last
 * four digits. The number itself is never stored nor returned.
 */
export async function protectNationalId(digits: string): Promise<{ nationalIdHash: string; nationalIdLast4: string }> {
  const salt = randomBytes(16);
  const hash = await scrypt(digits, salt, 32, { ...SCRYPT, maxmem: SCRYPT_MEMORY } as typeof SCRYPT);
  return { nationalIdHash: `${salt.toString('hex')}:${hash.toString('hex')}`, nationalIdLast4: digits.slice(-4) };
}

/**
 * Normalises a Thai phone number: spaces, dashes, dots and brackets dropped, `+66`/`66` replaced
 * by `0`. Mobile numbers have 10 digits (06, 08, 09…), fixed lines 9 (02–07).
 *
 * @returns the digits, e.g. `0812345678`.
 * @throws BadUserInputError naming `field`.
 */
export function parsePhone(value: string, field = 'phone'): string {
  let digits = value.trim().replace(/[\s().-]/g, '');
  if (digits.startsWith('+66')) digits = `0${digits.slice(3)}`;
  else if (/^66\d{8,9}$/.test(digits)) digits = `0${digits.slice(2)}`;
  if (!/^0\d{8,9}$/.test(digits)) {
    throw new BadUserInputError(`${field} must be a Thai phone number such as 081 234 5678, 02 123 4567 or +66 81 234 5678.`, field);
  }
  return digits;
}

/** An e-mail address: one `@`, a dotted domain, no spaces; at most 254 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/u;

/**
 * Normalises an e-mail address: trimmed, NFC, lower-cased (addresses are matched case-blind, as
 * every real mail system does).
 *
 * @throws BadUserInputError naming `field`.
 */
export function parseEmail(value: string, field = 'email'): string {
  const text = value.normalize('NFC').trim().toLowerCase();
  if (text.length > 254 || !EMAIL.test(text)) throw new BadUserInputError(`${field} must be an e-mail address such as somchai@example.co.th.`, field);
  return text;
}

/** A person's full name: one line, up to {@link NAME_MAX} characters. */
export function parseFullName(value: string | null | undefined, field = 'fullName'): string | null {
  return cleanOptionalText(value, field, { max: NAME_MAX });
}

/**
 * The name shown to everyone: the one the person chose, else the first name and the initial of
 * the rest of the full name (`สมชาย ใ.`), else {@link ANONYMOUS_NAME}.
 */
export function displayNameOf(chosen: string | null | undefined, fullName: string | null, field = 'displayName'): string {
  if (chosen !== null && chosen !== undefined && chosen.trim() !== '') return cleanText(chosen, field, { max: DISPLAY_NAME_MAX });
  if (!fullName) return ANONYMOUS_NAME;
  const [first, ...rest] = fullName.split(/\s+/u);
  const initial = rest.length > 0 ? ` ${[...rest[rest.length - 1]][0]}.` : '';
  return `${[...first].slice(0, DISPLAY_NAME_MAX - 3).join('')}${initial}`;
}

/**
 * The "one per person" key of someone identified by contact details: the e-mail address when
 * given, else the phone number (both normalised); null when neither is given.
 */
export function contactKey(email: string | null, phone: string | null): string | null {
  if (email) return `email:${email}`;
  if (phone) return `phone:${phone}`;
  return null;
}
