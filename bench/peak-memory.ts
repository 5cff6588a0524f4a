// Resident memory of this process, from Linux: the peak (VmHWM) since the last reset, which a write of "5" to
// clear_refs starts again from the current size.
import { readFileSync, writeFileSync } from "node:fs";

const status = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"))![1]) * 1024;

export const residentBytes = () => status("VmRSS");
export const peakResidentBytes = () => status("VmHWM");

// Returns the resident size the peak starts from.
export function resetPeakResident(): number {
  writeFileSync("/proc/self/clear_refs", "5");
  return residentBytes();
}
