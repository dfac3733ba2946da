// The time zones a learner picks from. Node's ICU lists each zone under its CLDR id, which for a
// dozen places is a name the IANA database replaced years ago (Asia/Calcutta for Asia/Kolkata,
// Europe/Kiev for Europe/Kyiv): people look for today's name, so the list shows that one. Both
// names are the same zone to Intl, so a learner's stored zone works whichever they chose. Pure.

/** CLDR id → the IANA name in use today, for the zones ICU still lists under an old name. */
const CURRENT_NAME: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Mendoza": "America/Argentina/Mendoza",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Louisville": "America/Kentucky/Louisville",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every zone by today's name, sorted, with UTC and the learner's own (whatever name it was saved under). */
export function timeZoneChoices(current?: string): string[] {
  const names = new Set<string>(["UTC"]);
  for (const id of Intl.supportedValuesOf("timeZone")) {
    const name = CURRENT_NAME[id] ?? id;
    names.add(isZone(name) ? name : id);
  }
  if (current && isZone(current)) names.add(current);
  return [...names].sort();
}
