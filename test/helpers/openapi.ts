// Validation of requests and responses against the schemas of our OpenAPI document, with ajv's draft 2020-12
// validator (the dialect of OpenAPI 3.1). The whole document is one ajv schema, so the $refs between components
// resolve as they do for any client of the document.
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

type Json = Record<string, unknown>;

const pointer = (...segments: string[]) => segments.map((s) => `/${s.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

export type DocumentSchemas = {
  // Errors of the JSON request of a method (the form field `request`) against the document; [] when valid.
  requestErrors: (method: string, request: unknown, mediaType?: string) => string[];
  // Errors of a response body, for its status and Content-Type, against the document; [] when valid.
  responseErrors: (method: string, status: number, contentType: string, body: unknown) => string[];
  // The properties the document declares for a method's form body of a media type.
  formFields: (method: string, mediaType: string) => string[];
  // Errors of a value against the schema of a header parameter of the document's components; [] when valid.
  headerErrors: (parameter: string, value: string) => string[];
};

export function documentSchemas(doc: Json): DocumentSchemas {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");

  const errorsAt = (path: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`openapi.json#${path}`);
    if (!validate) throw new Error(`no schema at ${path}`);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
  const nodeAt = (path: string): Json => {
    const node = path
      .split("/")
      .slice(1)
      .reduce<unknown>((n, s) => (n as Json | undefined)?.[s.replaceAll("~1", "/").replaceAll("~0", "~")], doc) as Json | undefined;
    if (!node) throw new Error(`nothing at ${path} in the document`);
    return node;
  };
  // Follows OpenAPI's own $refs (to components/responses), which are not JSON Schema.
  const resolve = (path: string): string => {
    const ref = nodeAt(path).$ref;
    return typeof ref === "string" ? resolve(ref.slice(1)) : path;
  };
  const form = (method: string, mediaType: string) => pointer("paths", `/${method}`, "post", "requestBody", "content", mediaType, "schema");

  return {
    requestErrors: (method, request, mediaType = "application/x-www-form-urlencoded") => errorsAt(`${form(method, mediaType)}/properties/request`, request),
    responseErrors: (method, status, contentType, body) => {
      const response = resolve(pointer("paths", `/${method}`, "post", "responses", String(status)));
      const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
      const documented = Object.keys(nodeAt(`${response}/content`));
      const match = [mediaType, `${mediaType.split("/")[0]}/*`, "*/*"].find((m) => documented.includes(m));
      if (!match) return [`${contentType} is not a documented media type of ${method}'s ${status} (${documented.join(", ")})`];
      return errorsAt(`${response}${pointer("content", match, "schema")}`, body);
    },
    formFields: (method, mediaType) => Object.keys(nodeAt(form(method, mediaType)).properties as Json),
    headerErrors: (parameter, value) => errorsAt(pointer("components", "parameters", parameter, "schema"), value),
  };
}
