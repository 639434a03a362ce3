/** A .dockerignore line as a regular expression, and whether it is an exception (`!path`). */
interface Rule {
  re: RegExp;
  exception: boolean;
}

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (pattern.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Docker's reading of a .dockerignore, for the patterns it allows (`*`, `**`, `?`, `!`): a path is left out of the
 * build context when the last rule matching it, or one of its parent folders, is not an exception.
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules: Rule[] = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const exception = l.startsWith('!');
      const p = (exception ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { re: toRegExp(p), exception };
    });
  return (path: string) => {
    const parts = path.replace(/^\.\//, '').split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const r of rules) if (prefixes.some((p) => r.re.test(p))) ignored = !r.exception;
    return ignored;
  };
}
