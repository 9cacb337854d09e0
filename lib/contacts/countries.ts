/**
 * ISO 3166-1 alpha-2 codes HighLevel takes for a contact's `country`, with English names (from the runtime's ICU
 * data). Built on first use — 676 ICU look-ups that only the country dropdown and a filled-in Country need, not every
 * cold start.
 */
const RETIRED = new Set('AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '));

export type Country = { code: string; name: string };

let countryList: { all: Country[]; byName: Map<string, string>; codes: Set<string> } | undefined;

function countryTable() {
  if (countryList) return countryList;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const all: Country[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = RETIRED.has(code) ? undefined : names.of(code);
      if (name && name !== code) all.push({ code, name });
    }
  }
  all.sort((x, y) => x.name.localeCompare(y.name));
  return (countryList = { all, byName: new Map(all.map((c) => [c.name.toLowerCase(), c.code])), codes: new Set(all.map((c) => c.code)) });
}

/** Every country, sorted by English name (the Country dropdown). */
export const countries = (): Country[] => countryTable().all;

const ALIASES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  gb: 'GB',
  'great britain': 'GB',
  england: 'GB',
};

/** A two-letter code, an English country name or a common alias ("UK", "USA") → the ISO code; undefined if unknown. */
export function countryCode(text: string): string | undefined {
  const lower = text.toLowerCase();
  const code = ALIASES[lower] ?? (text.length === 2 ? text.toUpperCase() : countryTable().byName.get(lower));
  return code && countryTable().codes.has(code) ? code : undefined;
}
