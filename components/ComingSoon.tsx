import { PageShell } from "./PageShell";

// Shown by an area whose pages are not built yet, saying plainly what will be there.
export function ComingSoon({ title, summary, items }: { title: string; summary: string; items: string[] }) {
  return (
    <PageShell title={title}>
      <p className="text-base text-muted-foreground">{summary}</p>
      <p className="rounded-md border border-l-4 border-l-primary bg-card px-4 py-3">This area is not available yet in this version. It will offer:</p>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </PageShell>
  );
}
