// Every ops noun of the `mailroom` command, in the order the usage lists them.
import { accountNoun } from "./account";
import { apiKeyNoun } from "./apikey";
import type { Noun } from "./command";
import { domainNoun } from "./domain";
import { adminNoun, passwordNoun } from "./password";
import { webhookNoun } from "./webhook";

export const NOUNS: Noun[] = [domainNoun, accountNoun, passwordNoun, adminNoun, webhookNoun, apiKeyNoun];
