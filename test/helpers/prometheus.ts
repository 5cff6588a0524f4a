// Scrapes a /metrics endpoint and reads it with a real Prometheus text-format parser.
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export type Family = ReturnType<typeof parsePrometheusTextFormat>[number];
export type Scrape = { families: Family[]; histogramSeries: Family[] };

export async function scrape(port: number): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics on ${port}: ${res.status} ${await res.text()}`);
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("text/plain; version=0.0.4")) throw new Error(`GET /metrics on ${port}: content type ${type}`);
  const text = await res.text();
  return {
    families: parsePrometheusTextFormat(text),
    // The parser merges all label sets of a histogram into one (yunyu/parse-prometheus-text-format#13), so the
    // histograms' series are read again without their TYPE lines, as untyped name_bucket, name_sum, name_count.
    histogramSeries: parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram$/gm, "")),
  };
}

export const has = (s: Scrape, name: string) => s.families.some((f) => f.name === name);

// The sum of the samples of a counter or gauge whose labels include the given ones; for a histogram, the sum of
// its observation counts.
export function sample(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  const family = s.families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  const series = family.type === "HISTOGRAM" ? s.histogramSeries.filter((f) => f.name === `${name}_count`) : [family];
  return series
    .flatMap((f) => f.metrics)
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value), 0);
}
