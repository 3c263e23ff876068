// The two languages rmqsim tells a run in. English is canonical (the trace
// hash digests the English event lines); Chinese is a separate rendering of
// the same structured events and never feeds back into the simulation.
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(v: string): v is Lang {
  return (LANGS as readonly string[]).includes(v);
}

/**
 * The language a POSIX locale asks for: LC_ALL, then LC_MESSAGES, then LANG
 * (the POSIX precedence); "zh_CN.UTF-8", "zh_TW", "zh" -> zh; anything else
 * (or nothing) -> en.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    return /^zh([_.@-]|$)/i.test(v) ? 'zh' : 'en';
  }
  return 'en';
}
