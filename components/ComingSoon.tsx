import { PageShell } from "./PageShell";

// Shown by an area whose pages are not built yet, saying plainly what will be there.
export function ComingSoon({ title, summary, items }: { title: string; summary: string; items: string[] }) {
  return (
    <PageShell title={title}>
      <p className="lead">{summary}</p>
      <p className="notice">This area is not available yet in this version. It will offer:</p>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </PageShell>
  );
}
