// Text PostgreSQL cannot store: a NUL character, or UTF-16 that is not valid (a lone surrogate, which JSON's
// \u escapes can express). Requests are checked once, at the edge, so such text is a user error naming the field
// instead of a failed statement deep inside.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Place = { key: string | number; parent: Place | null } | null;

// The path of the first string (or object key) in the value that cannot be stored, or null. Iterative, and the
// path is spelled out only when found: a request may nest deeper than the call stack goes.
export function unstorableTextAt(value: unknown): string | null {
  const stack: [unknown, Place][] = [[value, null]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, place] = next;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return pathOf(place);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { key: i, parent: place }]);
    } else if (v && typeof v === "object") {
      for (const [key, child] of Object.entries(v).reverse()) {
        if (UNSTORABLE.test(key)) return pathOf({ key, parent: place });
        stack.push([child, { key, parent: place }]);
      }
    }
  }
  return null;
}

function pathOf(place: Place): string {
  let path = "";
  for (let p = place; p; p = p.parent) path = typeof p.key === "number" ? `[${p.key}]${path}` : `${p.key}${path && !path.startsWith("[") ? "." : ""}${path}`;
  return path || "request";
}
