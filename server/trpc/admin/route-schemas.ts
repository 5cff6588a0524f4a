// Inputs of the transport and route procedures, which the routes page's forms validate with too. Zod only (and
// the transport settings schemas, themselves zod only): this file is bundled for the browser.
import { z } from "zod";
import { AUTH_MECHANISMS, transportSettingsSchemas as settings } from "../../queue/transports";

const transportName = z
  .string()
  .trim()
  .min(1, "enter a name")
  .max(64, "at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dot, dash and underscore, starting with a letter or digit");

export const transportNameSchema = z.strictObject({ name: transportName });

// Credentials as the form has them. The password is write-only: empty keeps the stored one, unless
// clearPassword says to remove it; an empty username means no authentication.
const relayAuth = {
  username: z.string().trim().max(320).default(""),
  password: z.string().max(1024).default(""),
  clearPassword: z.boolean().default(false),
  mechanisms: z.array(z.enum(AUTH_MECHANISMS)).max(AUTH_MECHANISMS.length).default([]),
};

// Plain objects (not strict): keys of other kinds are dropped, so the form can keep what was typed for one kind
// while the admin looks at another. Fields sit at the top level so each error lands on its own form field.
const relayFields = { ...settings.smtp.omit({ auth: true }).shape, ...relayAuth, name: transportName };
const named = { name: transportName };

export const transportSchema = z.discriminatedUnion("kind", [
  z.object({ ...relayFields, kind: z.literal("smtp") }),
  z.object({ ...relayFields, port: settings.submission.shape.port, kind: z.literal("submission") }),
  z.object({ ...relayFields, port: settings.submissions.shape.port, kind: z.literal("submissions") }),
  z.object({ ...settings.socks.shape, ...named, kind: z.literal("socks") }),
  z.object({ ...settings.direct.shape, ...named, kind: z.literal("direct") }),
  z.object({ ...settings.fail.shape, ...named, kind: z.literal("fail") }),
]);
export { AUTH_MECHANISMS };

// The port of each relay kind when none is given, where the form starts.
export const DEFAULT_PORTS = {
  smtp: settings.smtp.shape.port.parse(undefined),
  submission: settings.submission.shape.port.parse(undefined),
  submissions: settings.submissions.shape.port.parse(undefined),
};

// A route entry: a domain, or ".suffix" for a domain and every name below it.
const domainEntry = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^\.?[^\s@.]+(\.[^\s@.]+)*$/, "each entry a domain like example.com, or .example.com for it and its subdomains");
const domainList = z.array(domainEntry).max(100, "at most 100 domains");

// "global", "domain:<name>" or "account:<name>": the value of the page's scope select.
export const routeScopeSchema = z
  .string()
  .trim()
  .regex(/^(global|domain:.+|account:.+)$/, "choose global, a domain or an account");

export const routeAddSchema = z.strictObject({
  scope: routeScopeSchema,
  fromDomains: domainList,
  toDomains: domainList,
  minimumAttempts: z.int("enter a number").min(0, "0 or more").max(1000, "at most 1000"),
  transport: transportName,
});

export const routeIdSchema = z.strictObject({ id: z.int().positive() });
// Positions count from 1 within the route's scope; a position past the end moves the route last.
export const routeMoveSchema = z.strictObject({ id: z.int().positive(), position: z.int("enter a position").min(1, "positions start at 1") });

const envelopeAddress = (what: string) =>
  z.string().trim().min(1, `enter the ${what} address`).max(320).regex(/^[^\s@]+@[^\s@]+$/, "an address like name@example.org");
export const routeTestSchema = z.strictObject({
  sender: envelopeAddress("sender"),
  recipient: envelopeAddress("recipient"),
  // 1 is the first delivery attempt; routes compare their minimum with the attempts made before this one.
  attempt: z.int("enter an attempt number").min(1, "attempts start at 1").max(1000),
});
