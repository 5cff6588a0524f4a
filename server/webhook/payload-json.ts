// Webhook bodies are encoded as Go's json.Marshal does, so receivers written against mox see identical bytes:
// compact, with <, >, & and the JavaScript line separators escaped. indent gives json.MarshalIndent's layout.
export function goJsonStringify(value: unknown, indent?: string): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// time.Time in JSON: RFC 3339 with the fraction's trailing zeros dropped.
export function goTime(t: Date): string {
  return t.toISOString().replace(/\.?0+Z$/, "Z");
}
