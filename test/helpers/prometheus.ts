// Scrapes a /metrics endpoint and reads it with a real Prometheus text-format parser.
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export type Family = ReturnType<typeof parsePrometheusTextFormat>[number];

export async function scrape(port: number): Promise<Family[]> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics on ${port}: ${res.status} ${await res.text()}`);
  if (!res.headers.get("content-type")?.startsWith("text/plain; version=0.0.4")) throw new Error(`content type ${res.headers.get("content-type")}`);
  return parsePrometheusTextFormat(await res.text());
}

// The sum of a counter's or gauge's samples whose labels include the given ones; a histogram's count.
export function sample(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.count ?? m.value), 0);
}
