// XML text and attribute escaping for the CAP and Atom documents.

/**
 * Escapes the five XML special characters and drops the characters XML 1.0 §2.2 does not allow at
 * all (C0 controls other than tab, LF and CR, lone surrogates, U+FFFE/U+FFFF), which would make the
 * whole document unreadable to a strict parser.
 */
export function xml(s: string): string {
  return withoutForbiddenChars(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );
}

function isForbidden(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
}

function withoutForbiddenChars(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + (s[i + 1] as string);
        i++;
      }
      continue; // a lone high surrogate
    }
    if ((code >= 0xdc00 && code <= 0xdfff) || isForbidden(code)) continue;
    out += s[i];
  }
  return out;
}

/** One element with escaped text content, or nothing when there is no value (an optional element left out). */
export function el(name: string, value: string | null | undefined, indent: string): string {
  return value == null || value === "" ? "" : `${indent}<${name}>${xml(value)}</${name}>\n`;
}
