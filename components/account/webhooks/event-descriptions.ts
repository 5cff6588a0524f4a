// What each outgoing webhook event means (spec 2.5, 3.4), one line each for the event picker.
import type { OutgoingEventName } from "@/server/webhook/outgoing-events";

export const EVENT_DESCRIPTIONS: Record<OutgoingEventName, string> = {
  delivered: "The next mail server accepted the message.",
  suppressed: "Not sent: the recipient is on your suppression list.",
  delayed: "A temporary failure; delivery will be tried again.",
  failed: "A permanent failure; no more attempts (may add the recipient to the suppression list).",
  relayed: "A DSN says the message was relayed to a system that sends no DSNs.",
  expanded: "A DSN says the message was delivered to a mailing list or alias that expanded it.",
  canceled: "An admin removed the message from the queue.",
  unrecognized: "A reply or DSN to your unique MAIL FROM address that could not be matched to a known outcome.",
};
