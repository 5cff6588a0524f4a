// A domain's DKIM keys as the admin pages manage them: generate, sign on/off, remove, and the guided rotation
// (new selector, published, switch signing, retire the old). Keys returned here are the public part only: the
// private key stays in the database, for the signer.
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import type { DkimKey } from "../db/generated/client";
import { AppError } from "../errors";
import { domainByName } from "../store/domains";
import { generateDkimKey } from "./sign";

export type DkimAlgorithm = "rsa" | "ed25519";
export type PublicDkimKey = { selector: string; algorithm: DkimAlgorithm; publicKeyDns: string; sign: boolean; createdAt: Date };

function publicPart(k: DkimKey): PublicDkimKey {
  return { selector: k.selector, algorithm: k.algorithm as DkimAlgorithm, publicKeyDns: k.publicKeyDns, sign: k.sign, createdAt: k.createdAt };
}

// What the audit log keeps of a key: enough to tell keys apart, never the private key.
const auditRecord = (k: PublicDkimKey) => ({ selector: k.selector, algorithm: k.algorithm, sign: k.sign });

export async function dkimKeyList(db: Db, domain: string): Promise<PublicDkimKey[]> {
  const d = await domainByName(db, domain);
  const keys = await db.dkimKey.findMany({ where: { domainId: d.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return keys.map(publicPart);
}

// "<yyyymmdd><letter>": sorts by age, and says when a key was made without looking it up.
export function proposeSelector(taken: string[], now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  const used = new Set(taken);
  for (const letter of "abcdefghijklmnopqrstuvwxyz") if (!used.has(day + letter)) return day + letter;
  for (let n = 1; ; n++) if (!used.has(`${day}n${n}`)) return `${day}n${n}`;
}

export async function dkimSelectorProposal(db: Db, domain: string, now: Date): Promise<string> {
  return proposeSelector((await dkimKeyList(db, domain)).map((k) => k.selector), now);
}

// The first key of a domain signs at once: unsigned mail verifies no better than mail signed with a key not
// yet in DNS. Later keys wait until their record is published and the admin switches signing to them.
export async function dkimKeyGenerate(db: Db, actor: Actor, now: Date, input: { domain: string; selector: string; algorithm: DkimAlgorithm }): Promise<PublicDkimKey> {
  return audited(db, actor, "dkim.generate", async (tx) => {
    const { key, target } = await generateKey(tx, now, input);
    return { result: key, target, after: auditRecord(key) };
  });
}

// Localserve's key (spec 9): made when the domain has none, so its mail is signed like production mail.
export async function ensureDkimKey(db: Db, now: Date, domain: string, algorithm: DkimAlgorithm): Promise<PublicDkimKey | null> {
  return db.$transaction(async (tx) => {
    const d = await domainByName(tx, domain);
    if ((await tx.dkimKey.count({ where: { domainId: d.id } })) > 0) return null;
    return (await generateKey(tx, now, { domain, selector: "", algorithm })).key;
  });
}

async function generateKey(tx: Tx, now: Date, input: { domain: string; selector: string; algorithm: DkimAlgorithm }): Promise<{ key: PublicDkimKey; target: string }> {
  const d = await domainByName(tx, input.domain);
  const existing = await tx.dkimKey.findMany({ where: { domainId: d.id }, select: { selector: true, sign: true } });
  const selector = input.selector || proposeSelector(existing.map((k) => k.selector), now);
  if (existing.some((k) => k.selector === selector)) throw new AppError("exists", `${d.unicodeName} already has a key with selector ${selector}: choose another`, "selector");
  const { privateKeyPem, publicKeyDns } = generateDkimKey(input.algorithm);
  const sign = !existing.some((k) => k.sign);
  const key = publicPart(await tx.dkimKey.create({ data: { domainId: d.id, selector, algorithm: input.algorithm, privateKeyPem, publicKeyDns, sign } }));
  return { key, target: `${selector}._domainkey.${d.unicodeName}` };
}

export async function dkimSignSet(db: Db, actor: Actor, input: { domain: string; selector: string; sign: boolean }): Promise<void> {
  await audited(db, actor, input.sign ? "dkim.sign.on" : "dkim.sign.off", async (tx) => {
    const { d, key } = await findKey(tx, input);
    const after = await tx.dkimKey.update({ where: { id: key.id }, data: { sign: input.sign } });
    return { result: undefined, target: `${key.selector}._domainkey.${d.unicodeName}`, before: auditRecord(publicPart(key)), after: auditRecord(publicPart(after)) };
  });
}

// The rotation's switch: the new key signs, and the keys of its algorithm that signed stop (they stay
// published, so mail already sent still verifies). Keys of the other algorithm keep signing (dual signing).
export async function dkimSwitchSigning(db: Db, actor: Actor, input: { domain: string; selector: string }): Promise<void> {
  await audited(db, actor, "dkim.switch", async (tx) => {
    const { d, key } = await findKey(tx, input);
    const stopping = await tx.dkimKey.findMany({ where: { domainId: d.id, algorithm: key.algorithm, sign: true, id: { not: key.id } } });
    await tx.dkimKey.updateMany({ where: { id: { in: stopping.map((k) => k.id) } }, data: { sign: false } });
    await tx.dkimKey.update({ where: { id: key.id }, data: { sign: true } });
    return {
      result: undefined,
      target: `${key.selector}._domainkey.${d.unicodeName}`,
      before: { signing: [...stopping.map((k) => k.selector), ...(key.sign ? [key.selector] : [])] },
      after: { signing: [key.selector], stopped: stopping.map((k) => k.selector) },
    };
  });
}

export async function dkimKeyRemove(db: Db, actor: Actor, input: { domain: string; selector: string }): Promise<void> {
  await audited(db, actor, "dkim.remove", async (tx) => {
    const { d, key } = await findKey(tx, input);
    await tx.dkimKey.delete({ where: { id: key.id } });
    return { result: undefined, target: `${key.selector}._domainkey.${d.unicodeName}`, before: auditRecord(publicPart(key)) };
  });
}

async function findKey(tx: Tx, input: { domain: string; selector: string }) {
  const d = await domainByName(tx, input.domain);
  const key = await tx.dkimKey.findUnique({ where: { domainId_selector: { domainId: d.id, selector: input.selector } } });
  if (!key) throw new AppError("notFound", `${d.unicodeName} has no DKIM key with selector ${input.selector}`, "selector");
  return { d, key };
}

// Where the domain stands in a rotation, from its keys and which selectors' records are in DNS. Step numbers:
// 1 new selector, 2 published, 3 switch signing, 4 retire the old; 0 is "nothing to do".
export type RotationStep =
  | { step: 0; action: "rotate"; text: string }
  | { step: 1; action: "generate"; text: string }
  | { step: 2; action: "publish"; selector: string; text: string }
  | { step: 3; action: "switch"; selector: string; text: string }
  | { step: 4; action: "retire"; selector: string; text: string };

export function rotationStep(keys: PublicDkimKey[], published: Set<string>): RotationStep {
  if (keys.length === 0) {
    return { step: 1, action: "generate", text: "No DKIM keys: generate one. Receivers use its signature to tell mail from this domain apart from forgeries." };
  }
  const signing = keys.filter((k) => k.sign);
  const newestSigning = Math.max(...signing.map((k) => k.createdAt.getTime()), -Infinity);
  const pending = keys.filter((k) => !k.sign && k.createdAt.getTime() > newestSigning).at(-1);
  const signingNames = signing.map((k) => k.selector).join(", ");
  if (pending && !published.has(pending.selector)) {
    return {
      step: 2,
      action: "publish",
      selector: pending.selector,
      text: `Publish the DKIM TXT record of ${pending.selector} (below), then check DNS. ${signingNames ? `${signingNames} keeps signing until you switch.` : "Nothing signs until you switch."}`,
    };
  }
  if (pending) {
    return {
      step: 3,
      action: "switch",
      selector: pending.selector,
      text: `The record of ${pending.selector} is in DNS. Switch signing to it${signingNames ? `: ${pending.selector} starts signing and the ${pending.algorithm} keys among ${signingNames} stop (their records stay published)` : ""}.`,
    };
  }
  const unpublished = signing.find((k) => !published.has(k.selector));
  if (unpublished) {
    return { step: 2, action: "publish", selector: unpublished.selector, text: `${unpublished.selector} signs mail, but its record is not in DNS yet, so receivers cannot verify it: publish its TXT record (below), then check DNS.` };
  }
  const old = keys.find((k) => !k.sign);
  if (old) {
    return {
      step: 4,
      action: "retire",
      selector: old.selector,
      text: `${old.selector} no longer signs. Keep its record published for a few days so mail already sent still verifies, then remove the key and its DNS record.`,
    };
  }
  return { step: 0, action: "rotate", text: `${signingNames} sign${signing.length === 1 ? "s" : ""} outgoing mail and ${signing.length === 1 ? "its record is" : "their records are"} in DNS. To rotate, generate a new key: it signs only once its record is published and you switch to it.` };
}
