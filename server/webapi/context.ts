import type { Address } from "../address/parse";
import type { ApiKeyGrant } from "../api-key/scopes";
import type { Db } from "../db/client";
import type { Account } from "../db/generated/client";
import type { Kick } from "../queue/scheduler";
import type { AddressOwner } from "../store/address-owner";
import type { UploadedFile } from "./form";

// Everything a method needs about the call: the authenticated account, the address it logged in with (Send's
// default From and the fromid switch), the API key it used if any, the client, and the uploads of a multipart
// request.
export type WebapiContext = {
  db: Db;
  account: Account;
  loginAddress: string;
  // Null when the call logged in with the account's password.
  apiKey: ApiKeyGrant | null;
  remoteIp: string;
  hostname: string;
  maxMessageSize: number;
  files: UploadedFile[];
  // The Idempotency-Key header's values, one per header line; only Send reads them.
  idempotencyKey: string[] | undefined;
  findAddressOwner: (address: Address) => Promise<AddressOwner | null>;
  now: Date;
  // Asks for delivery of what a Send just committed; never fails the call (reconcile catches up).
  // Asks for delivery without waiting: the answer does not wait for a Redis round trip, and a kick that fails
  // only delays delivery until the worker's reconcile.
  kick: (kicks: Kick[]) => void;
};
