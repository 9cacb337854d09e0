/**
 * Timezone arithmetic for appointments and free slots: which zones exist, the offset of a zone at an instant, a
 * wall-clock time placed in a zone (DST-aware), ISO 8601 with the zone's offset, and how a start/end input becomes
 * an instant. Plain Intl, no timezone library.
 */
import type { Bundle } from 'zapier-platform-core';
import { inputError } from '../errors.js';
import { text } from '../inputs.js';

type Input = Record<string, unknown>;

export const DAY = 86_400_000;

/** ICU still lists some zones under their old names; users look for the current ones. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Africa/Asmera': 'Africa/Asmara',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
};

/**
 * Every IANA timezone Node knows (current names), UTC first. Built on first use (the Timezone dropdown), not at
 * import: asking ICU for its zones costs about 30 ms, which every cold start would pay.
 */
let choices: string[] | undefined;
export const timezoneChoices = (): string[] =>
  (choices ??= [
    'UTC',
    ...Intl.supportedValuesOf('timeZone')
      .filter((tz) => tz !== 'UTC')
      .map((tz) => (RENAMED[tz] && isTimezone(RENAMED[tz]) ? RENAMED[tz] : tz))
      .sort(),
  ]);

export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The timezone for times without one: the Timezone input, else the Zap's timezone, else UTC. */
export function resolveTimezone(input: Input, bundle: Bundle): string {
  const chosen = text(input.timezone);
  if (chosen) {
    if (!isTimezone(chosen))
      throw inputError('Timezone', `must be a timezone name such as America/New_York or Europe/London — got "${chosen.slice(0, 40)}".`);
    return chosen;
  }
  const zap = text(bundle.meta?.timezone);
  return zap && isTimezone(zap) ? zap : 'UTC';
}

/** Minutes the zone is ahead of UTC at that instant (e.g. -300 for New York in winter). */
export function offsetMinutes(date: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time has in a zone. Around DST changes it does what calendars do: a time that occurs
 * twice (autumn) is the first one; a time skipped (spring) moves forward by the gap (02:30 → 03:30).
 */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetMinutes(new Date(wall - DAY), tz);
  const after = offsetMinutes(new Date(wall + DAY), tz);
  const fits = [before, after]
    .map((off) => wall - off * 60_000)
    .filter((t) => wall - offsetMinutes(new Date(t), tz) * 60_000 === t)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? wall - before * 60_000);
}

/** ISO 8601 in the zone with its offset, without milliseconds: `2026-12-01T14:00:00-05:00` (`Z` for UTC). */
export function isoInZone(date: Date, tz: string): string {
  const off = offsetMinutes(date, tz);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + off * 60_000).toISOString().slice(0, 19);
  if (off === 0) return `${local}Z`;
  const abs = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT)(?:[+-]\d{1,4})?|\b[ECMP][SD]T)\s*$/i;
const NAIVE_ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A start/end input → the instant. Epoch seconds/milliseconds and texts with an offset are exact; a text without
 * one (`2026-12-01 14:00`, `12/01/2026 2:00 PM`) is that wall-clock time in `tz`. A date without a time of day
 * is refused: an appointment needs one.
 */
export function parseAppointmentTime(value: unknown, label: string, tz: string): Date {
  const raw = value instanceof Date ? value.toISOString() : text(value);
  const bad = (why = '') =>
    inputError(
      label,
      `must be a date and time such as 2026-12-01 14:00 or 2026-12-01T14:00:00-05:00${why} — got "${String(raw ?? '').slice(0, 60)}".`,
    );
  if (!raw) throw bad();
  if (/^\d{9,13}$/.test(raw)) return new Date(raw.length <= 10 ? Number(raw) * 1000 : Number(raw));
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw bad(' (a time of day is needed, not only a date)');
  if (HAS_ZONE.test(raw) || /\bGMT[+-]\d{2}:?\d{2}\b/i.test(raw)) {
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) throw bad();
    return d;
  }
  const iso = NAIVE_ISO.exec(raw);
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso.map(Number) as number[];
    if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || (s ?? 0) > 59) throw bad();
    return zonedTime(y!, mo!, d!, h!, mi!, Number.isNaN(s) ? 0 : s!, tz);
  }
  // Other human forms ("Dec 1, 2026 2:00 PM", "12/01/2026 14:00"): JavaScript reads them as wall-clock times,
  // which the local getters give back unchanged; they are then placed in `tz`.
  const local = new Date(raw);
  if (Number.isNaN(local.getTime())) throw bad();
  if (!/\d{1,2}:\d{2}|\d\s*[ap]\.?m\b/i.test(raw)) throw bad(' (a time of day is needed, not only a date)');
  return zonedTime(
    local.getFullYear(),
    local.getMonth() + 1,
    local.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    tz,
  );
}

/** "Tue, Dec 1, 2026, 2:00 PM EST": an instant as people read it, in a zone. */
export function whenLabel(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
    .format(new Date(ms))
    .replace(/\u202f/g, ' ');
}
