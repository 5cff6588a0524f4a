"use client";
// Adding or changing a transport, with the fields of its kind. The password is write-only: an edit shows
// whether one is stored, keeps it when the field stays empty, and clears it only when asked.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Controller, useForm, type Control, type FieldErrors, type Resolver, type UseFormRegister } from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { AUTH_MECHANISMS, DEFAULT_PORTS, transportSchema } from "@/server/trpc/admin/route-schemas";
import { showServerErrors } from "../server-errors";
import { listMessage } from "@/components/area/address-rows";
import { ListInput } from "./list-input";
import { SwitchField } from "./switch-field";
import { isRelay, KIND_LABELS, type TransportKind, type TransportView } from "./transport-kinds";
import { DialogActions } from "../form-actions";

// Every kind's fields at once, so switching kind keeps what was typed; the schema keeps the chosen kind's.
type Values = {
  kind: TransportKind;
  name: string;
  host: string;
  port: number;
  starttlsInsecureSkipVerify: boolean;
  noStarttls: boolean;
  username: string;
  password: string;
  clearPassword: boolean;
  mechanisms: (typeof AUTH_MECHANISMS)[number][];
  address: string;
  remoteIps: string[];
  remoteHostname: string;
  disableIpv4: boolean;
  disableIpv6: boolean;
  smtpCode: number;
  smtpMessage: string;
};

const BLANK: Values = {
  kind: "submission",
  name: "",
  host: "",
  port: DEFAULT_PORTS.submission,
  starttlsInsecureSkipVerify: false,
  noStarttls: false,
  username: "",
  password: "",
  clearPassword: false,
  mechanisms: [],
  address: "",
  remoteIps: [],
  remoteHostname: "",
  disableIpv4: false,
  disableIpv6: false,
  smtpCode: 554,
  smtpMessage: "",
};

function valuesOf(t?: TransportView): Values {
  if (!t) return BLANK;
  if (!isRelay(t)) return { ...BLANK, ...t.settings, kind: t.kind, name: t.name };
  const { auth, ...settings } = t.settings;
  return { ...BLANK, ...settings, kind: t.kind, name: t.name, username: auth?.username ?? "", mechanisms: auth?.mechanisms ?? [] };
}

// The resolver validates the chosen kind's fields and ignores the rest (the schema drops unknown keys).
const resolver = zodResolver(transportSchema) as unknown as Resolver<Values>;
const isDefaultPort = (port: number) => (Object.values(DEFAULT_PORTS) as number[]).includes(port);

export function TransportForm({ transport, onDone }: { transport?: TransportView; onDone: () => void }) {
  const trpc = useTRPC();
  const form = useForm<Values>({ resolver, defaultValues: valuesOf(transport) });
  const handlers = {
    onSuccess: (t: TransportView) => {
      toast.success(transport ? `Saved transport ${t.name}.` : `Added transport ${t.name}. Routes can now send over it.`);
      onDone();
    },
    onError: (err: unknown) => showServerErrors(form, err),
  };
  const add = useMutation(trpc.admin.transport.add.mutationOptions(handlers));
  const update = useMutation(trpc.admin.transport.update.mutationOptions(handlers));
  const save = transport ? update : add;
  const kind = form.watch("kind");
  const e = form.formState.errors;
  const kindField = form.register("kind", {
    // A port still at the old kind's default follows the new kind's.
    onChange: () => {
      const next = form.getValues("kind");
      if (next in DEFAULT_PORTS && isDefaultPort(form.getValues("port"))) form.setValue("port", DEFAULT_PORTS[next as keyof typeof DEFAULT_PORTS], { shouldDirty: true });
    },
  });
  return (
    <form onSubmit={form.handleSubmit((v) => save.mutate(transportSchema.parse(v)))} noValidate className="grid gap-4" aria-label={transport ? `Transport ${transport.name}` : "New transport"}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Name"
          error={e.name?.message}
          required
          description={transport ? "Names cannot change: queued messages refer to a transport by name." : "How routes and the queue page refer to it."}
        >
          <Input autoComplete="off" spellCheck={false} readOnly={!!transport} autoFocus={!transport} {...form.register("name")} />
        </FormField>
        <FormField label="Kind" error={e.kind?.message} description={KIND_LABELS[kind].about}>
          <NativeSelect wrapperClassName="w-full" {...kindField}>
            {Object.entries(KIND_LABELS).map(([value, k]) => (
              <NativeSelectOption key={value} value={value}>
                {k.label}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      {(kind === "smtp" || kind === "submission" || kind === "submissions") && (
        <RelayFields kind={kind} register={form.register} control={form.control} errors={e} passwordSet={transport && isRelay(transport) ? !!transport.settings.auth?.passwordSet : false} />
      )}
      {kind === "socks" && <SocksFields register={form.register} control={form.control} errors={e} />}
      {kind === "direct" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <SwitchField control={form.control} name="disableIpv4" label="No IPv4" description="Connect to MX hosts over IPv6 only." />
          <SwitchField control={form.control} name="disableIpv6" label="No IPv6" description="Connect to MX hosts over IPv4 only." />
        </div>
      )}
      {kind === "fail" && (
        <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
          <FormField label="SMTP code" error={e.smtpCode?.message} description="5xx: fails at once; 4xx: retried.">
            <Input type="number" inputMode="numeric" {...form.register("smtpCode", { valueAsNumber: true })} />
          </FormField>
          <FormField label="Message" error={e.smtpMessage?.message} description="The text every attempt answers with.">
            <Input autoComplete="off" {...form.register("smtpMessage")} />
          </FormField>
        </div>
      )}
      <DialogActions onCancel={onDone} disabled={!form.formState.isDirty || save.isPending} submit={transport ? "Save" : "Add transport"} />
    </form>
  );
}

type FieldsProps = { register: UseFormRegister<Values>; control: Control<Values>; errors: FieldErrors<Values> };

function RelayFields({ kind, register, control, errors: e, passwordSet }: FieldsProps & { kind: keyof typeof DEFAULT_PORTS; passwordSet: boolean }) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField label="Host" error={e.host?.message} required description="The relay's host name or IP address.">
          <Input autoComplete="off" spellCheck={false} placeholder="smtp.example.com" {...register("host")} />
        </FormField>
        <FormField label="Port" error={e.port?.message} description={`Default ${DEFAULT_PORTS[kind]}`}>
          <Input type="number" inputMode="numeric" {...register("port", { valueAsNumber: true })} />
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {kind !== "submissions" && (
          <SwitchField control={control} name="noStarttls" label="No STARTTLS" description="Talk in plaintext even when the relay offers TLS." />
        )}
        {kind !== "smtp" && (
          <SwitchField
            control={control}
            name="starttlsInsecureSkipVerify"
            label="Skip certificate verification"
            description="Accept any certificate, e.g. a self-signed one. The connection is encrypted but not authenticated."
          />
        )}
      </div>
      <fieldset className="grid gap-4 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">Authentication</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Username" error={e.username?.message} description="Empty: no authentication.">
            <Input autoComplete="off" spellCheck={false} {...register("username")} />
          </FormField>
          <FormField
            label="Password"
            error={e.password?.message}
            description={passwordSet ? "A password is stored. Leave empty to keep it; it is never shown." : "Stored write-only: it is never shown again."}
          >
            <Input type="password" autoComplete="new-password" {...register("password")} />
          </FormField>
        </div>
        {passwordSet && <SwitchField control={control} name="clearPassword" label="Clear the stored password" description="On save, the stored password is removed (a new one typed above replaces it instead)." />}
        <MechanismsField control={control} />
      </fieldset>
    </>
  );
}

function MechanismsField({ control }: { control: Control<Values> }) {
  return (
    <Controller
      control={control}
      name="mechanisms"
      render={({ field }) => (
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">Mechanisms</legend>
          <p className="text-[0.8125rem] text-muted-foreground">
            The first ticked one the relay offers is used. None ticked: SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5; PLAIN and LOGIN send the password itself and are used only when ticked. -PLUS variants are not supported yet.
          </p>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {AUTH_MECHANISMS.map((m) => (
              <Label key={m} className="font-normal">
                <Checkbox
                  checked={field.value.includes(m)}
                  onCheckedChange={(on) => field.onChange(on ? AUTH_MECHANISMS.filter((x) => x === m || field.value.includes(x)) : field.value.filter((x) => x !== m))}
                />
                {m}
              </Label>
            ))}
          </div>
        </fieldset>
      )}
    />
  );
}

function SocksFields({ register, control, errors: e }: FieldsProps) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Proxy address" error={e.address?.message} required description="host:port of the SOCKS5 proxy.">
        <Input autoComplete="off" spellCheck={false} placeholder="127.0.0.1:1080" {...register("address")} />
      </FormField>
      <FormField label="Remote hostname" error={e.remoteHostname?.message} required description="Announced in EHLO: the proxy's public name.">
        <Input autoComplete="off" spellCheck={false} {...register("remoteHostname")} />
      </FormField>
      <Controller
        control={control}
        name="remoteIps"
        render={({ field }) => (
          <FormField label="Remote IPs" error={listMessage(e.remoteIps)} description="The proxy's public addresses, separated by commas." className="sm:col-span-2">
            <ListInput value={field.value} onChange={field.onChange} onBlur={field.onBlur} name={field.name} ref={field.ref} placeholder="192.0.2.1, 2001:db8::1" />
          </FormField>
        )}
      />
    </div>
  );
}
