// The OpenAPI 3.1 document of webapi v0, served at /webapi/v0/openapi.json. Generated from the zod schemas that
// validate the requests (as input: what a client may send) and type the responses, so it cannot say other than
// what the server does. OpenAPI 3.1 schemas are JSON Schema draft 2020-12, zod's default target.
import { z } from "zod";
import pkg from "../../package.json" with { type: "json" };
import { FILE_FIELDS, type FileField } from "./form";
import { METHODS, type MethodName } from "./methods";
import * as rq from "./requests";
import * as rs from "./responses";

type Json = Record<string, unknown>;

const ref = (id: string) => `#/components/schemas/${id}`;

const REQUEST_SCHEMAS = {
  NameAddress: rq.NameAddressSchema,
  File: rq.FileSchema,
  SendRequest: rq.SendRequestSchema,
  EmptyRequest: rq.EmptyRequestSchema,
  SuppressionAddRequest: rq.SuppressionAddSchema,
  EmailAddressRequest: rq.EmailAddressSchema,
  MsgIDRequest: rq.MsgIDSchema,
  MessagePartGetRequest: rq.MessagePartGetSchema,
  MessageFlagsRequest: rq.MessageFlagsSchema,
  MessageMoveRequest: rq.MessageMoveSchema,
};

const RESPONSE_SCHEMAS = {
  EmptyResult: rs.EmptyResultSchema,
  Submission: rs.SubmissionSchema,
  SendResult: rs.SendResultSchema,
  Suppression: rs.SuppressionSchema,
  SuppressionListResult: rs.SuppressionListResultSchema,
  SuppressionPresentResult: rs.SuppressionPresentResultSchema,
  Message: rs.MessageSchema,
  Structure: rs.StructureSchema,
  MessageMeta: rs.MessageMetaSchema,
  MessageGetResult: rs.MessageGetResultSchema,
  Error: rs.ErrorSchema,
};

type Operation = { tag: "Sending" | "Suppressions" | "Messages"; summary: string; description?: string };

const OPERATIONS: Record<MethodName, Operation> = {
  Send: {
    tag: "Sending",
    summary: "Compose a message and queue it for delivery",
    description:
      "Composes the message from the fields (multipart as needed), DKIM-signs it, checks the account's send limits, queues one message per recipient in To, CC, BCC order and commits all of it before it answers. Files come as base64 in the JSON request, or as file parts of a multipart/form-data body: `alternativefile`, `inlinefile`, `attachedfile`, each named by its part's filename and keeping its Content-Type and Content-ID.",
  },
  SuppressionList: { tag: "Suppressions", summary: "List the account's suppressed addresses" },
  SuppressionAdd: { tag: "Suppressions", summary: "Suppress an address", description: "An address that is already suppressed (in any variant) gives Code `error`." },
  SuppressionRemove: { tag: "Suppressions", summary: "Stop suppressing an address", description: "Any variant of the address removes it; an absent one gives Code `error`." },
  SuppressionPresent: { tag: "Suppressions", summary: "Tell whether an address (or a variant of it) is suppressed" },
  MessageGet: { tag: "Messages", summary: "Read a stored message: envelope, text, structure and metadata" },
  MessageRawGet: { tag: "Messages", summary: "Read a stored message as bytes, as stored" },
  MessagePartGet: { tag: "Messages", summary: "Read one MIME part of a stored message, transfer-decoded, as bytes" },
  MessageDelete: { tag: "Messages", summary: "Remove a stored message for good (not to Trash)" },
  MessageFlagsAdd: { tag: "Messages", summary: "Set flags and keywords on a stored message" },
  MessageFlagsRemove: { tag: "Messages", summary: "Clear flags and keywords of a stored message" },
  MessageMove: { tag: "Messages", summary: "Move a stored message to another mailbox" },
};

const CODES: Record<(typeof rs.API_CODES)[number], string> = {
  protocol: "the body is not a form with a `request` field holding a JSON object of the method's request type",
  server: "an error in the server",
  user: "other bad input, with the field named (control characters, invalid base64, an unknown mailbox, a refused header, an Idempotency-Key reused for another request, ...)",
  error: "the operation cannot be done, e.g. a suppression that already exists",
  badAddress: "an email address does not parse",
  missingBody: "Send without Text and HTML",
  multipleFrom: "Send with more than one From",
  badFrom: "the From address does not belong to the account",
  noRecipients: "Send without To, CC and BCC",
  messageLimitReached: "the account's limit of messages per day is reached",
  recipientLimitReached: "the account's limit of first-time recipients per day is reached",
  messageTooLarge: "the message is larger than the server's maximum message size",
  malformedMessageID: "a MessageID without angle brackets",
  sentOverQuota: "the message was queued, but its Sent copy did not fit in the account's quota",
  messageNotFound: "no such message",
  partNotFound: "no such part",
  domainDisabled: "the From domain is temporarily disabled",
};

const FILE_PARTS: Record<FileField, string> = {
  alternativefile: "An alternative to the text and HTML bodies.",
  inlinefile: "A file shown inline, referenced from the HTML by its Content-ID.",
  attachedfile: "An attachment.",
};

// Each zod schema becomes a component, and references between them $refs. Requests leave out zod's defaults: a
// missing key is the zero value anyway (the description says so), and generators such as openapi-typescript make
// a key with a default required.
function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const override = ({ jsonSchema }: { jsonSchema: Json }) => {
    if (io === "input") delete jsonSchema.default;
  };
  const out = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: ref, override }).schemas as Record<string, Json>;
  if (out.__shared) throw new Error("a schema the document uses more than once needs an id of its own");
  // The document declares the dialect once; $id would give each component a base URI of its own.
  return Object.fromEntries(Object.entries(out).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

function idOf(schemas: Record<string, z.ZodType>, schema: z.ZodType): string {
  const id = Object.entries(schemas).find(([, s]) => s === schema)?.[0];
  if (!id) throw new Error("a method's schema has no component id in openapi.ts");
  return id;
}

function requestBody(name: MethodName): Json {
  const request = { $ref: ref(idOf(REQUEST_SCHEMAS, METHODS[name].schema)), description: "The request, as JSON." };
  const encoding = { request: { contentType: "application/json" } };
  const files = name === "Send" ? FILE_FIELDS : [];
  const fileParts = Object.fromEntries(
    files.map((f) => [f, { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" }, description: FILE_PARTS[f] }]),
  );
  const fileEncoding = Object.fromEntries(
    files.map((f) => [f, { contentType: "*/*", headers: { "Content-ID": { description: "Kept as the file's Content-ID, e.g. `<logo>`.", schema: { type: "string" } } } }]),
  );
  return {
    required: true,
    content: {
      "application/x-www-form-urlencoded": {
        schema: { type: "object", required: ["request"], properties: { request } },
        encoding,
      },
      "multipart/form-data": {
        schema: { type: "object", required: ["request"], properties: { request, ...fileParts } },
        encoding: { ...encoding, ...fileEncoding },
      },
    },
  };
}

function success(name: MethodName): Json {
  const { response } = METHODS[name];
  const headers = name === "Send" && { headers: { "Idempotent-Replayed": { description: "`true` when this is the first response to an earlier call with the same Idempotency-Key.", schema: { type: "string", const: "true" } } } };
  if (response) return { description: "The result.", ...headers, content: { "application/json": { schema: { $ref: ref(idOf(RESPONSE_SCHEMAS, response)) } } } };
  const bytes = { schema: { type: "string", contentMediaType: "application/octet-stream" } };
  return name === "MessageRawGet"
    ? { description: "The message as stored, including the header fields added when it was stored.", content: { "text/plain": bytes } }
    : { description: "The part's body, transfer-decoded; the Content-Type is sniffed from its bytes.", content: { "*/*": bytes } };
}

function operation(name: MethodName): Json {
  const { tag, summary, description } = OPERATIONS[name];
  return {
    operationId: name,
    tags: [tag],
    summary,
    ...(description && { description }),
    ...(name === "Send" && { parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }] }),
    requestBody: requestBody(name),
    responses: {
      "200": success(name),
      "400": { $ref: "#/components/responses/Error" },
      "401": { $ref: "#/components/responses/Unauthorized" },
      "429": { $ref: "#/components/responses/TooManyAuthAttempts" },
    },
  };
}

const text = (description: string, headers?: Json) => ({ description, ...(headers && { headers }), content: { "text/plain": { schema: { type: "string" } } } });

const DESCRIPTION = `Send mail, read and change stored messages, and manage the suppression list, wire-compatible with mox's webapi v0.

Each method is a POST to /webapi/v0/<Method> with HTTP basic authentication and a form field \`request\` holding the method's request as a JSON object, url-encoded or multipart/form-data. Field names are mox's (Go's). A missing key takes the field's zero value ("", 0, false, [], {}; null where a field is nullable). The server also matches keys case-insensitively and takes null for any field as its zero value, but this document names the canonical keys only. Unknown keys are refused. A GET of a method's URL shows a page with an example request.

Errors are HTTP 400 with {"Code", "Message"}; missing or wrong credentials give 401, too many failed logins from the client's network 429.`;

function buildDocument(): Json {
  const methods = Object.keys(METHODS) as MethodName[];
  return {
    openapi: "3.1.0",
    info: { title: "Mailroom webapi", version: pkg.version, description: DESCRIPTION },
    servers: [{ url: "/webapi/v0", description: "this server" }],
    security: [{ basicAuth: [] }],
    tags: [
      { name: "Sending", description: "Compose and queue messages." },
      { name: "Suppressions", description: "Addresses the account does not send to." },
      { name: "Messages", description: "The account's stored messages." },
    ],
    paths: {
      ...Object.fromEntries(methods.map((name) => [`/${name}`, { post: operation(name) }])),
      "/openapi.json": {
        get: {
          operationId: "OpenAPIDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI document.", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        basicAuth: {
          type: "http",
          scheme: "basic",
          description:
            "User name: an email address of the account (text after the domain's catchall separator is dropped, so mox+anything@localhost logs in as mox@localhost). Password: the account's password, or one of its API keys (made on /account/api-keys or with `mailroom apikey add`). A key has scopes: `send` (Send), `suppressions` (the Suppression methods), `messages` (the Message methods), and may be limited to some of the account's From domains; a call outside them gives 401 with a line saying why.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Makes a retried Send safe (beyond mox): the key names one Send of the account for 24 hours. A repeat with the same key and the same request (the same JSON as parsed, the same uploads) queues nothing and gets the first answer, status and body, with header `Idempotent-Replayed: true`. The same key with a different request, or a malformed key, gives 400 with Code `user`. Only Sends that queued their message are remembered: a failed one may be retried with the same key.",
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7e]+$" },
        },
      },
      responses: {
        Error: {
          description: `The call failed. Codes:\n\n${Object.entries(CODES)
            .map(([code, what]) => `- \`${code}\`: ${what}`)
            .join("\n")}`,
          content: { "application/json": { schema: { $ref: ref("Error") } } },
        },
        Unauthorized: text("Missing or wrong credentials, the account's login is disabled, or an API key's scopes or domains do not allow the call.", {
          "WWW-Authenticate": { schema: { type: "string", const: "Basic realm=webapi" } },
        }),
        TooManyAuthAttempts: text("Too many failed logins from the client's network; try again when the window has passed."),
      },
      schemas: { ...components(REQUEST_SCHEMAS, "input"), ...components(RESPONSE_SCHEMAS, "output") },
    },
  };
}

let document: Json | null = null;

export function openapiDocument(): Json {
  document ??= buildDocument();
  return document;
}
