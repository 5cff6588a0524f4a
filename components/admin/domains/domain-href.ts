// The URL of a domain's page, by its ASCII name.
export const domainHref = (name: string) => `/admin/domains/${encodeURIComponent(name)}`;
