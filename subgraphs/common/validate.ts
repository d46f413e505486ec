import { BadUserInputError } from './errors';

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Cleans a free-text input: Unicode NFC (Thai input methods can produce the same text in
 * different code-point orders), trimmed, no control characters, within `max` characters.
 *
 * @throws BadUserInputError naming `field` when the text is empty, too long or has control characters.
 */
export function cleanText(value: string, field: string, max = 500): string {
  const text = value.normalize('NFC').trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty.`, field);
  if (CONTROL_CHARACTERS.test(text)) {
    throw new BadUserInputError(`${field} contains control characters; send plain text.`, field);
  }
  if ([...text].length > max) {
    throw new BadUserInputError(`${field} must be at most ${max} characters; got ${[...text].length}.`, field);
  }
  return text;
}

/** Like {@link cleanText} but `null`/`undefined`/blank become `null`. */
export function cleanOptionalText(value: string | null | undefined, field: string, max = 500): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return cleanText(value, field, max);
}

/** The Thai government fiscal year in the Buddhist Era runs from 1 October of the year before. */
export const FISCAL_YEAR_RANGE = { min: 2550, max: 2600 } as const;

/**
 * Checks a Thai fiscal year given in the Buddhist Era (e.g. 2569 = Oct 2025 – Sep 2026).
 *
 * @throws BadUserInputError with a hint when a Gregorian year (e.g. 2026) is sent by mistake.
 */
export function checkFiscalYear(year: number, field = 'fiscalYear'): number {
  if (Number.isInteger(year) && year >= FISCAL_YEAR_RANGE.min && year <= FISCAL_YEAR_RANGE.max) return year;
  const hint = year >= 1950 && year <= 2100 ? ` Did you mean ${year + 543} (the Buddhist Era year of ${year})?` : '';
  throw new BadUserInputError(
    `${field} is a Thai fiscal year in the Buddhist Era between ${FISCAL_YEAR_RANGE.min} and ${FISCAL_YEAR_RANGE.max}, e.g. 2569; got ${year}.${hint}`,
    field,
  );
}
