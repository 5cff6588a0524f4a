// Simulated failures of localserve's SMTP listeners (spec 9). A localpart starting with "mailfrom" or "rcptto"
// fails at that command; otherwise a special suffix (temperror, permerror, timeout, a code 400-599) fails at
// DATA, unless the localpart starts with "queue": that message is accepted and fails later, in the queue.
import { simulatedFailure } from "../queue/localserve-delivery";
import { smtpReply, type SmtpReply } from "./reply";

export type Stage = "mailfrom" | "rcptto" | "data";

function localserveFailure(localpart: string, stage: Stage): SmtpReply | null {
  const lp = localpart.toLowerCase();
  const startsWithStage = lp.startsWith("mailfrom") || lp.startsWith("rcptto");
  if (stage !== "data" && !lp.startsWith(stage)) return null;
  if (stage === "data" && (startsWithStage || lp.startsWith("queue"))) return null;
  const failure = simulatedFailure(lp);
  if (!failure) return null;
  const code = failure.code || 451;
  const enhanced = failure.code ? `${Math.floor(code / 100)}.${failure.secode || "0.0"}` : "4.4.1";
  return smtpReply(code, enhanced, `${failure.code ? `error with code ${code}` : "timeout"} simulated by localserve`);
}

// Throws the simulated failure, if localserve is on and the localpart asks for one at this stage.
export function simulateLocalserveFailure(localserve: boolean, localpart: string, stage: Stage): void {
  const reply = localserve ? localserveFailure(localpart, stage) : null;
  if (reply) throw reply;
}
