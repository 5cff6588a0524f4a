// At most N deliveries per recipient domain at a time (spec 3.2; N = 1 by default), across all worker
// processes: one session advisory lock per (domain, slot).
import type pg from "pg";
import { tryAdvisoryLock, type SessionLock } from "../db/advisory-lock";

// The advisory lock key space for domain slots, distinct from the migration lock's and the webhook URLs'.
const LOCK_CLASS = 0x6d61696c; // "mail"

export function tryLockDomain(pool: pg.Pool, domain: string, slots: number): Promise<SessionLock | null> {
  return tryAdvisoryLock(pool, LOCK_CLASS, Array.from({ length: slots }, (_, slot) => `${slot}:${domain}`));
}
