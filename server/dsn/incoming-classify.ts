// What a received message says about the retired outgoing message its fromid matched (spec 6, 7.3): the
// webhook event, and the result recorded on the retired message. Any message gets a classification; one that is
// not a DSN, or not one we understand, is "unrecognized".
import { decodedBody, type MimePart } from "../message/structure";
import { DsnParseError, parseDeliveryStatus, type DsnAction, type DsnRecipient, type ParsedDsn } from "./parse";
import { smtpCodesFromDsn } from "./smtp-codes";

export type IncomingClassification = {
  event: DsnAction | "unrecognized";
  dsn: boolean; // the top-level structure is a DSN (isDsnStructure)
  success: boolean; // the retired message's new result Success
  code: number; // 0 when none
  secode: string; // without the class digit, e.g. "1.1"; "" when none
  error: string; // the new result's Error text
};

const STATUS_TYPES = ["message/delivery-status", "message/global-delivery-status"];

// Neither the report-type parameter nor the first part is looked at, as in mox.
export function isDsnStructure(structure: MimePart): boolean {
  const status = structure.parts[1];
  return structure.contentType === "multipart/report" && status !== undefined && STATUS_TYPES.includes(status.contentType);
}

export function classifyIncoming(raw: Buffer, structure: MimePart): IncomingClassification {
  if (!isDsnStructure(structure)) return unrecognized(false, "incoming message not a dsn");
  const parsed = parseStatusPart(raw, structure.parts[1]!);
  if (parsed instanceof DsnParseError) return unrecognized(true, `parsing incoming dsn: ${parsed.message}`);
  // A DSN about several recipients cannot be about the one recipient a retired message has.
  const { recipients } = parsed;
  if (recipients.length !== 1) return unrecognized(true, `incoming dsn has ${recipients.length} recipients, expecting 1`);
  return understood(recipients[0]!);
}

// A charset parameter is not defined for these types and is ignored: the part is ASCII, or UTF-8 in the global
// form, and anything else is refused by the parser.
function parseStatusPart(raw: Buffer, part: MimePart): ParsedDsn | DsnParseError {
  try {
    return parseDeliveryStatus(decodedBody(raw, part), part.contentType === "message/global-delivery-status");
  } catch (err) {
    if (err instanceof DsnParseError) return err;
    throw err;
  }
}

function unrecognized(dsn: boolean, error: string): IncomingClassification {
  return { event: "unrecognized", dsn, success: false, code: 0, secode: "", error };
}

// The codes are reported whatever the action: a "delivered" DSN may still carry a 554.
function understood(recipient: DsnRecipient): IncomingClassification {
  const success = recipient.action !== "failed" && recipient.action !== "delayed";
  return { event: recipient.action, dsn: true, success, ...smtpCodesFromDsn(recipient), error: "incoming message" };
}
