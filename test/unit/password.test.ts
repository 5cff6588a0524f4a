import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../server/auth/password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("moxmoxmox");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain("moxmoxmox");
    expect(await verifyPassword("moxmoxmox", hash)).toBe(true);
    expect(await verifyPassword("moxmoxmo", hash)).toBe(false);
    expect(await verifyPassword("moxmoxmox", "plain$text")).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats NFC and NFD forms of a password as the same", async () => {
    const hash = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
  });
});
