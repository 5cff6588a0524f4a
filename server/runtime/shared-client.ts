// One client per process and URL, for code inside the Next.js bundle, which cannot be handed the clients the
// process created; the process has put the effective URL in the environment (see resources/acquire.ts).
export function sharedClientFor<T>(envName: string, create: (url: string) => T): (url?: string) => T {
  const clients = new Map<string, T>();
  return (url = process.env[envName]) => {
    if (!url) throw new Error(`${envName} is not set in this process`);
    let client = clients.get(url);
    if (!client) {
      client = create(url);
      clients.set(url, client);
    }
    return client;
  };
}
