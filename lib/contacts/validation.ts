/**
 * The checks of standard contact fields (email, phone, date of birth, country, time zone, website), run before any
 * request: each gets the trimmed text and returns the value to send, or undefined when the text is not valid; the
 * field table (fields.ts) names the field in the error.
 */
import { isEmail } from '../inputs.js';
import { countryCode } from './countries.js';

const MONTH_FIRST = /^(\d{1,2})[-/._](\d{1,2})[-/._](\d{4})$/;
const YEAR_FIRST = /^(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})(?:[T ].*)?$/;

/** A calendar day in one of the forms HighLevel documents → YYYY-MM-DD (not in the future), or undefined. */
export function birthDay(text: string): string | undefined {
  let parts: [string, string, string];
  const yearFirst = YEAR_FIRST.exec(text);
  const monthFirst = yearFirst ? null : MONTH_FIRST.exec(text);
  if (yearFirst) parts = [yearFirst[1]!, yearFirst[2]!, yearFirst[3]!];
  else if (monthFirst) parts = [monthFirst[3]!, monthFirst[1]!, monthFirst[2]!];
  else if (/^[a-z]{3,9}\.? \d{1,2},? \d{4}$|^\d{1,2} [a-z]{3,9}\.? \d{4}$/i.test(text) && !Number.isNaN(Date.parse(text))) {
    const d = new Date(text); // "Sep 25, 1990", "25 September 1990": unambiguous, read as written
    parts = [String(d.getFullYear()), String(d.getMonth() + 1), String(d.getDate())];
  } else return undefined;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  const real = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
  return real && date.getTime() <= Date.now() ? iso : undefined;
}

/** Gets the trimmed text and returns the value to send, or undefined when the text is not valid. */
export interface Validator {
  check: (text: string) => string | undefined;
  expects: string;
}

export const email: Validator = {
  check: (v) => (isEmail(v) ? v : undefined),
  expects: 'must be an email address, such as maria@example.com',
};
export const phone: Validator = {
  check: (v) => {
    const digits = v.match(/\d/g)?.length ?? 0;
    return /^\+?[\d\s().-]+$/.test(v) && digits >= 7 && digits <= 15 ? v : undefined;
  },
  expects: 'must be a phone number of 7 to 15 digits, best with the country code, such as +1 555 010 2030',
};
export const dateOfBirth: Validator = {
  check: birthDay,
  expects: 'must be a past date such as 1990-09-25 (year first), 09/25/1990 (month first) or Sep 25, 1990',
};
export const country: Validator = {
  check: countryCode,
  expects: 'must be a two-letter country code such as US, GB or DE (or a country name such as "Germany")',
};
export const timezone: Validator = {
  check: (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return /\//.test(v) || v === 'UTC' ? v : undefined;
    } catch {
      return undefined;
    }
  },
  expects: 'must be an IANA time zone such as America/New_York or Europe/Berlin',
};
export const website: Validator = {
  check: (v) => (!/\s/.test(v) && /\.[a-z]{2,}/i.test(v) ? v : undefined),
  expects: 'must be a web address such as https://www.example.com',
};
