// The URL of an account's page.
export const accountHref = (name: string) => `/admin/accounts/${encodeURIComponent(name)}`;
