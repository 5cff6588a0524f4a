import { AppError } from "../errors";

// Next attempts of queued messages and hooks move by whole minutes; anything else is the admin's mistake,
// answered as such rather than as a database error.
export function checkMinutes(minutes: number): void {
  if (!Number.isSafeInteger(minutes)) throw new AppError("user", `minutes must be a whole number, not ${minutes}`);
}
