"use client";
// The case-sensitivity switch of the add and settings forms of a domain.
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Switch } from "@/components/ui/switch";

export function CaseSensitiveField<T extends FieldValues & { localpartCaseSensitive: boolean }>(props: { control: Control<T>; error?: string }) {
  return (
    <Controller
      control={props.control}
      name={"localpartCaseSensitive" as Path<T>}
      render={({ field }) => (
        <FormField label="Case-sensitive localparts" error={props.error} description="Off (usual): Name@ and name@ are the same address.">
          {(control) => <Switch {...control} checked={field.value as boolean} onCheckedChange={field.onChange} onBlur={field.onBlur} ref={field.ref} />}
        </FormField>
      )}
    />
  );
}
