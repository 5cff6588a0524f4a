// Every ops noun of the `mailroom` command, in the order the usage lists them.
import { accountNoun } from "./account";
import { apiKeyNoun } from "./apikey";
import type { Noun } from "./command";
import { dkimNoun } from "./dkim";
import { domainNoun } from "./domain";
import { holdRuleNoun } from "./holdrule";
import { adminNoun, passwordNoun } from "./password";
import { queueNoun } from "./queue";
import { routeNoun } from "./route";
import { suppressionNoun } from "./suppression";
import { transportNoun } from "./transport";
import { webhookNoun } from "./webhook";

export const NOUNS: Noun[] = [
  domainNoun,
  dkimNoun,
  accountNoun,
  passwordNoun,
  adminNoun,
  suppressionNoun,
  queueNoun,
  holdRuleNoun,
  transportNoun,
  routeNoun,
  webhookNoun,
  apiKeyNoun,
];
