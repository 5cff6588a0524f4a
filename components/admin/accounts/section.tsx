// The Save button of an account page section (enabled once something changed).
import { Button } from "@/components/ui/button";

export function SaveButton({ canSave, saving, label = "Save" }: { canSave: boolean; saving: boolean; label?: string }) {
  return (
    <Button type="submit" size="sm" disabled={!canSave}>
      {saving ? "Saving…" : label}
    </Button>
  );
}
