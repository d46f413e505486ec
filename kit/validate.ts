import { BadUserInputError, preview } from './errors';

/**
 * Input validation for the whole hub, in one place: every subgraph checks text, money, dates,
 * years, ids and codes here before any database call, so the same input gets the same answer
 * everywhere and nothing a client sends is silently reinterpreted.
 */

/** C0 controls except tab and line feed, DEL, and the C1 controls U+0080–U+009F. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
/** Bidirectional embeddings, overrides and isolates, and the implicit direction marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** A UTF-16 surrogate without its pair: what JSON "\ud800" decodes to; PostgreSQL would store U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Anything that breaks a line, for one-line fields (titles, names). */
const LINE_BREAK = /[\n\r\t\u2028\u2029]/u;
/** Characters that draw nothing: separators, spaces, format characters (zero-width space and joiners, BOM…). */
const INVISIBLE = /^[\p{Z}\p{Cf}\s\u115F\u1160\u3164\uFFA0]*$/u;

/** How {@link cleanText} treats one field. */
export interface TextOptions {
  /** Longest text in characters (code points) after normalisation; default 500. */
  readonly max?: number;
  /** Whether line breaks are allowed (descriptions, details); default false (titles, names). */
  readonly multiline?: boolean;
}

/**
 * Cleans a free-text input: refuses what cannot be shown as typed, then Unicode NFC (Thai input
 * methods can produce the same text in different code-point orders) and trims. Zero-width spaces
 * inside Thai text (used as word-break hints) are kept; text that is *only* invisible is refused.
 *
 * @throws BadUserInputError naming `field` for: lone surrogates (broken UTF-16), NUL and other
 *   C0/C1 control characters, bidirectional control characters, line breaks in a one-line field,
 *   empty or invisible-only text, or text over `max` characters.
 */
export function cleanText(value: string, field: string, options: TextOptions = {}): string {
  const max = options.max ?? 500;
  if (LONE_SURROGATE.test(value)) {
    throw new BadUserInputError(`${field} contains a broken character (an unpaired UTF-16 surrogate); send valid Unicode text.`, field);
  }
  const text = (options.multiline ? value.replace(/\r\n?/g, '\n') : value).normalize('NFC').trim();
  if (CONTROL.test(text)) {
    throw new BadUserInputError(`${field} contains control characters (such as NUL or U+0085); send plain text.`, field);
  }
  if (BIDI.test(text)) {
    throw new BadUserInputError(
      `${field} contains bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E/F), which can disguise text; remove them.`,
      field,
    );
  }
  if (!options.multiline && LINE_BREAK.test(text)) {
    throw new BadUserInputError(`${field} is one line of text; remove the line breaks and tabs.`, field);
  }
  if (text === '') throw new BadUserInputError(`${field} must not be empty.`, field);
  if (INVISIBLE.test(text)) throw new BadUserInputError(`${field} has no visible characters; send readable text.`, field);
  const length = [...text].length;
  if (length > max) throw new BadUserInputError(`${field} must be at most ${max} characters; got ${length}.`, field);
  return text;
}

/** Like {@link cleanText}, but `null`, `undefined` and whitespace-only text become `null`. */
export function cleanOptionalText(value: string | null | undefined, field: string, options: TextOptions = {}): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return cleanText(value, field, options);
}

/** Baht with optional comma groups of three and at most two decimals, e.g. "1,250,000.50". */
const MONEY = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$/;
/** Digits before the point that DECIMAL(18,2) holds. */
const MONEY_INTEGER_DIGITS = 16;

/**
 * Reads an amount of baht exactly as written: digits with an optional `.` and one or two
 * decimals, optionally grouped by commas in threes (`"1,250,000.50"`). Nothing is reinterpreted:
 * `"12,50"`, `"1,2,3"`, `"1e6"`, `"-5"`, `" "` and Thai or full-width digits are refused.
 *
 * @returns the amount without commas, e.g. `"1250000.50"`, ready for a DECIMAL column.
 * @throws BadUserInputError naming `field`, quoting at most a short prefix of the input.
 */
export function parseMoney(value: string, field: string): string {
  const text = value.trim();
  const example = `e.g. "2500000", "2,500,000.50"`;
  if (!MONEY.test(text)) {
    throw new BadUserInputError(
      `${field} must be an amount in baht: digits, optionally grouped by commas in threes, with at most two decimals (${example}); got ${preview(value)}.`,
      field,
    );
  }
  const plain = text.replace(/,/g, '');
  const integer = plain.split('.')[0].replace(/^0+(?=\d)/, '');
  if (integer.length > MONEY_INTEGER_DIGITS) {
    throw new BadUserInputError(`${field} is larger than the hub stores (at most ${MONEY_INTEGER_DIGITS} digits before the decimal point).`, field);
  }
  return plain;
}

/** A decimal with an optional sign, optional comma groups of three and at most four decimals. */
const DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,4})?$/;
/** Digits before the point that DECIMAL(20,4) holds. */
const DECIMAL_INTEGER_DIGITS = 16;

/**
 * Reads an exact decimal measurement (an indicator's target, baseline or threshold) as written,
 * like {@link parseMoney}: digits with an optional `.` and one to four decimals, optionally grouped
 * by commas in threes. A leading `-` is accepted only with `allowNegative`: indicators may measure
 * change (a growth rate of "-1.5" percent), which money never does. Exponents, spaces inside,
 * `+`, Thai or full-width digits are refused.
 *
 * @returns the value without commas and without a negative zero, e.g. `"1250.5"`, ready for a DECIMAL column.
 * @throws BadUserInputError naming `field`, quoting at most a short prefix of the input.
 */
export function parseDecimal(value: string, field: string, options: { allowNegative?: boolean } = {}): string {
  const text = value.trim();
  if (!DECIMAL.test(text) || (!options.allowNegative && text.startsWith('-'))) {
    const sign = options.allowNegative ? 'an optional leading "-", ' : '';
    const examples = options.allowNegative ? '"12.50", "1,250", "-1.5"' : '"12.50", "1,250"';
    throw new BadUserInputError(
      `${field} must be an exact decimal written as a string: ${sign}digits, optionally grouped by commas in threes, with at most four decimals (e.g. ${examples}); got ${preview(value)}.`,
      field,
    );
  }
  const plain = text.replace(/,/g, '');
  const integer = plain.replace(/^-/, '').split('.')[0].replace(/^0+(?=\d)/, '');
  if (integer.length > DECIMAL_INTEGER_DIGITS) {
    throw new BadUserInputError(`${field} is larger than the hub stores (at most ${DECIMAL_INTEGER_DIGITS} digits before the decimal point).`, field);
  }
  return /^-0+(?:\.0+)?$/.test(plain) ? plain.slice(1) : plain;
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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The dates the hub accepts unless a field says otherwise: 2000-01-01 to 2100-12-31 (Gregorian). */
export const DATE_RANGE = { min: '2000-01-01', max: '2100-12-31' } as const;

/**
 * Parses a calendar date `YYYY-MM-DD` (Gregorian) into a UTC midnight Date within a plausible range.
 *
 * @throws BadUserInputError for another format, an impossible date (2026-02-30), a Buddhist Era
 *   year (with the Gregorian year to use), or a date outside `range`.
 */
export function parseDate(value: string, field: string, range: { min: string; max: string } = DATE_RANGE): Date {
  const text = value.trim();
  const match = ISO_DATE.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new BadUserInputError(`${field} must be a date written YYYY-MM-DD, e.g. "2026-12-15"; got ${preview(value)}.`, field);
  }
  const year = Number(match[1]);
  if (year > 2400) {
    throw new BadUserInputError(`${field} takes a Gregorian year; ${year} looks like a Buddhist Era year (use ${year - 543}).`, field);
  }
  if (text < range.min || text > range.max) {
    throw new BadUserInputError(`${field} must be between ${range.min} and ${range.max}; got ${text}.`, field);
  }
  return date;
}

/**
 * The dates a record of the OSM's work may carry: from `since` (e.g. "2007-01-01", the OSM's
 * founding) to `yearsAhead` years after today. Pass the result to {@link parseDate}.
 */
export function recordDateRange(since: string, yearsAhead: number, today = new Date()): { min: string; max: string } {
  const max = new Date(today);
  max.setUTCFullYear(max.getUTCFullYear() + yearsAhead);
  return { min: since, max: max.toISOString().slice(0, 10) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the shape of a record id (a UUID) before it reaches the database.
 *
 * @returns the id in lower case.
 * @throws BadUserInputError naming `field` when it is not a UUID.
 */
export function parseId(value: string, field = 'id'): string {
  const text = value.trim();
  if (!UUID.test(text)) {
    throw new BadUserInputError(`${field} is a record id such as "3f2a9c1e-8b4d-4c7a-9e21-5d6f0a1b2c3d"; got ${preview(value)}.`, field);
  }
  return text.toLowerCase();
}

/**
 * Checks a code's shape (letters, digits, `-` and `_`, up to `max` characters) before any
 * lookup, so that a NUL byte or a 100 KB string never reaches SQL.
 *
 * @returns the code trimmed and upper-cased.
 * @throws BadUserInputError naming `field`, with `example` as a hint.
 */
export function parseCode(value: string, field: string, example: string, max = 20): string {
  const code = value.trim().toUpperCase();
  if (code.length === 0 || code.length > max || !/^[A-Z0-9][A-Z0-9_-]*$/.test(code)) {
    throw new BadUserInputError(`${field} is a code such as ${JSON.stringify(example)}; got ${preview(value)}.`, field);
  }
  return code;
}
