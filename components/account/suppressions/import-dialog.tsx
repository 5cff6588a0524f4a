"use client";
// Imports a CSV file chosen by the user: the file is read in the browser, checked with the procedure's own
// schema (empty, over 1 MB), and sent as text; the report says what was added, what was there already and
// which rows were invalid, and why.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { plural } from "@/components/admin/format";
import { errorMessage, fieldErrors, useTRPC } from "@/components/trpc/client";
import { accountSuppressionImportSchema } from "@/server/trpc/account/suppression-schemas";
import type { AppRouterOutputs } from "@/components/admin/types";

type Report = AppRouterOutputs["account"]["suppression"]["import"];

export function ImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState("");
  const [report, setReport] = useState<Report | null>(null);
  const importCsv = useMutation(
    trpc.account.suppression.import.mutationOptions({
      onSuccess: (r) => {
        setReport(r);
        toast.success(`Imported: ${r.added} added, ${r.existing} already on the list${r.invalid.length ? `, ${plural(r.invalid.length, "invalid row")}` : ""}.`);
      },
      onError: (err) => setError(fieldErrors(err).csv?.[0] ?? errorMessage(err)),
    }),
  );
  const close = (next: boolean) => {
    if (!next) {
      setFile(null);
      setError("");
      setReport(null);
    }
    onOpenChange(next);
  };
  const submit = async () => {
    const parsed = accountSuppressionImportSchema.safeParse({ csv: file ? await file.text() : "" });
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    setError("");
    importCsv.mutate(parsed.data);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import suppressions</DialogTitle>
          <DialogDescription>
            A CSV file with one address per row, optionally followed by a reason (address,reason); a header row is optional, and a file exported here imports
            as it is. At most 10,000 rows and 1 MB. All valid rows are added in one go, as manual entries; addresses already on the list stay as they are.
          </DialogDescription>
        </DialogHeader>
        <form
          id="suppression-import"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <FormField label="CSV file" htmlFor="suppression-import-file" error={error}>
            <Input
              id="suppression-import-file"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
                setError("");
              }}
            />
          </FormField>
        </form>
        {report && <ImportReport report={report} />}
        <DialogFooter>
          <Button variant="ghost" onClick={() => close(false)}>
            {report ? "Close" : "Cancel"}
          </Button>
          <Button type="submit" form="suppression-import" disabled={!file || importCsv.isPending}>
            {importCsv.isPending ? "Importing…" : "Import"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function ImportReport({ report }: { report: Report }) {
  return (
    <div className="space-y-2" aria-live="polite">
      <p className="text-sm" role="status">
        {report.added} added, {report.existing} already on the list, {plural(report.invalid.length, "invalid row")}.
      </p>
      {report.invalid.length > 0 && (
        <div className="max-h-60 overflow-auto rounded-md border">
          <Table aria-label="Invalid rows">
            <TableHeader>
              <TableRow>
                <TableHead>Line</TableHead>
                <TableHead>Row</TableHead>
                <TableHead>Why</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.invalid.map((r) => (
                <TableRow key={r.line}>
                  <TableCell>{r.line}</TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs" title={r.text}>
                    {r.text}
                  </TableCell>
                  <TableCell className="whitespace-normal">{r.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
