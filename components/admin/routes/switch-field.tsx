"use client";
// A yes/no setting of the transport form: a switch with its label and what it does.
import type { ReactNode } from "react";
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Switch } from "@/components/ui/switch";

export function SwitchField<T extends FieldValues>(props: { control: Control<T>; name: Path<T>; label: string; description?: ReactNode; disabled?: boolean }) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field }) => (
        <FormField label={props.label} description={props.description} className="content-start">
          {(control) => <Switch {...control} checked={field.value === true} onCheckedChange={field.onChange} onBlur={field.onBlur} ref={field.ref} disabled={props.disabled} />}
        </FormField>
      )}
    />
  );
}
