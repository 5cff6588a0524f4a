import type { AppRouterOutputs } from "@/components/admin/types";

export type ApiKeyList = AppRouterOutputs["account"]["apiKey"]["list"];
export type ApiKeyRow = ApiKeyList["keys"][number];
export type NewApiKey = AppRouterOutputs["account"]["apiKey"]["create"];
