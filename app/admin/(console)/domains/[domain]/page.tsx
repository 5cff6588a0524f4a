import { DomainPage } from "@/components/admin/domains/domain-page";

export async function generateMetadata({ params }: { params: Promise<{ domain: string }> }) {
  return { title: decodeURIComponent((await params).domain) };
}

export default async function Page({ params }: { params: Promise<{ domain: string }> }) {
  const { domain } = await params;
  return <DomainPage domain={decodeURIComponent(domain)} />;
}
