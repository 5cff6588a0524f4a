// The package ships no types; this is the shape its README documents (prom2json's).
declare module "parse-prometheus-text-format" {
  type Labels = Record<string, string>;
  type Sample = { labels?: Labels; value: string; count?: undefined };
  type Distribution = { labels?: Labels; count: string; sum: string; buckets?: Record<string, string>; quantiles?: Record<string, string>; value?: undefined };
  type MetricFamily = { name: string; help: string; type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED"; metrics: (Sample | Distribution)[] };
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
