// What each kind of transport is, in words.
import type { AppRouterOutputs } from "../types";

export type TransportView = AppRouterOutputs["admin"]["transport"]["list"][number];
export type TransportKind = TransportView["kind"];
type RelayView = Extract<TransportView, { kind: "smtp" | "submission" | "submissions" }>;

export const KIND_LABELS: Record<TransportKind, { label: string; about: string }> = {
  submission: { label: "Submission (STARTTLS)", about: "Authenticated relay, usually port 587: STARTTLS required, certificate verified." },
  submissions: { label: "Submissions (TLS)", about: "Authenticated relay over implicit TLS, usually port 465, certificate verified." },
  smtp: { label: "SMTP relay", about: "Plain relay, usually port 25 and without authentication: STARTTLS when offered, certificate not checked." },
  socks: { label: "SOCKS proxy", about: "Direct delivery (MX lookup) through a SOCKS5 proxy." },
  direct: { label: "Direct", about: "Direct delivery (MX lookup), optionally over one IP family only." },
  fail: { label: "Fail", about: "Every attempt fails with a fixed SMTP answer; nothing is contacted." },
};

export const isRelay = (t: TransportView): t is RelayView => t.kind === "smtp" || t.kind === "submission" || t.kind === "submissions";
