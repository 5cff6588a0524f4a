// What an account name may be. Browser-safe (the admin page's form checks names with it too).
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ACCOUNT_NAME_RULE = "account names are 1-64 letters, digits, dots, dashes and underscores";
