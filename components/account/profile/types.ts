import type { AppRouterOutputs } from "@/components/admin/types";

export type OwnProfile = AppRouterOutputs["account"]["profile"]["get"];
