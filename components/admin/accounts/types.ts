import type { AppRouterOutputs } from "../types";

export type AccountDetail = AppRouterOutputs["admin"]["account"]["get"];
