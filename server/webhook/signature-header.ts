// The signature header's name, apart from the signing code (node:crypto) so that pages can name it too.
export const SIGNATURE_HEADER = "X-Mailroom-Signature";
