"use client";
// A webhook's Authorization header, write-only: the page knows only whether one is saved. The field's value
// is undefined (keep the saved one), a new header, or "" (clear it when saving). Typing replaces, the helper
// fills in basic authentication, Clear removes the saved one.
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { BasicAuthDialog } from "./basic-auth-dialog";

export function AuthorizationInput(props: { isSet: boolean; value: string | undefined; onChange: (value: string | undefined) => void; error?: string }) {
  const clearing = props.value === "";
  const status = clearing ? "cleared when you save" : props.value !== undefined ? "replaced when you save" : props.isSet ? "set" : "not set";
  return (
    <FormField
      label="Authorization header"
      error={props.error}
      description="Sent as the Authorization header of each call, e.g. Basic dXNlcjpwYXNz or Bearer <token>. Never shown again once saved."
    >
      {(control) => (
        <div className="grid gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <Input
              {...control}
              className="min-w-48 flex-1 font-mono"
              autoComplete="off"
              spellCheck={false}
              placeholder={props.isSet ? "•••••• (saved; type to replace)" : "Basic dXNlcjpwYXNzd29yZA=="}
              value={props.value ?? ""}
              disabled={clearing}
              // An emptied field keeps the saved header; Clear removes it.
              onChange={(e) => props.onChange(e.target.value === "" ? undefined : e.target.value)}
            />
            <BasicAuthDialog onUse={props.onChange} />
            {clearing ? (
              <Button type="button" size="sm" variant="ghost" onClick={() => props.onChange(undefined)}>
                Undo clear
              </Button>
            ) : (
              props.isSet && (
                <Button type="button" size="sm" variant="ghost" onClick={() => props.onChange("")}>
                  Clear
                </Button>
              )
            )}
          </div>
          <Badge variant={props.isSet && !clearing ? "success" : "outline"}>Authorization {status}</Badge>
        </div>
      )}
    </FormField>
  );
}
