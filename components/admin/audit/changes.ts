// What an audit entry changed, field by field: the top-level fields whose values differ before and after.
export type FieldChange = { field: string; before: unknown; after: unknown };

export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

export function formatValue(v: unknown): string {
  if (v === undefined || v === null || v === "") return "(none)";
  if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : "(none)";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
