/**
 * Finding URLs in a text and replacing them. A URL starts with `http://`, `https://` or `www.` and runs to the
 * next whitespace; trailing punctuation that usually ends a sentence (`.,;:!?` and unbalanced closing
 * brackets or quotes) is left in the text.
 */

/** One URL found in a text. */
export interface UrlSpan {
  /** The URL as written. */
  text: string;
  /** The URL to redirect to (`www.` gets `https://`). */
  url: string;
  start: number;
  end: number;
}

const CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function trimTrailing(s: string): string {
  for (;;) {
    const last = s[s.length - 1];
    if (last === undefined) return s;
    if ('.,;:!?\'"'.includes(last)) {
      s = s.slice(0, -1);
      continue;
    }
    const opener = CLOSERS[last];
    if (opener && s.split(opener).length <= s.split(last).length - 1) {
      s = s.slice(0, -1);
      continue;
    }
    return s;
  }
}

/** The URLs in `body`, in order. Only well-formed http(s) URLs with a host are returned. */
export function findUrls(body: string): UrlSpan[] {
  const out: UrlSpan[] = [];
  for (const m of body.matchAll(CANDIDATE)) {
    const text = trimTrailing(m[0]);
    const url = /^www\./i.test(text) ? `https://${text}` : text;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if (!parsed.hostname.includes('.')) continue;
    out.push({ text, url: parsed.href === `${url}/` ? url : parsed.href, start: m.index, end: m.index + text.length });
  }
  return out;
}

/** `body` with each span replaced by `replacement(span, i)`. Spans must come from {@link findUrls} on the same body. */
export function replaceUrls(body: string, spans: UrlSpan[], replacement: (span: UrlSpan, i: number) => string): string {
  let out = '';
  let at = 0;
  spans.forEach((s, i) => {
    out += body.slice(at, s.start) + replacement(s, i);
    at = s.end;
  });
  return out + body.slice(at);
}

/**
 * `url` with UTM parameters added; parameters already on the URL are kept as they are, and the rest of the URL is
 * left byte for byte (the query is appended to, never re-serialised), before any `#fragment`.
 */
export function withUtm(
  url: string,
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string } | undefined,
): string {
  if (!utm) return url;
  const have = new URL(url).searchParams;
  const add = Object.entries(utm)
    .filter(([k, v]) => v !== undefined && !have.has(`utm_${k}`))
    .map(([k, v]) => `utm_${k}=${encodeURIComponent(v as string)}`);
  if (!add.length) return url;
  const hash = url.indexOf('#');
  const [base, frag] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${add.join('&')}${frag}`;
}
