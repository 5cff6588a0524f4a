import { sharedDb } from "../../server/db/client";
import { checkHealth } from "../../server/health/check";
import { sharedRedis } from "../../server/redis/connection";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth({ db: sharedDb(), redis: sharedRedis() });
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
