import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Outputs = inferRouterOutputs<AppRouter>["account"]["webhook"];
export type WebhookSettings = Outputs["get"];
export type QueuedHook = Outputs["queued"][number];
export type RetiredHook = Outputs["retired"][number];
