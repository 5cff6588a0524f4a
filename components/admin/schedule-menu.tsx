"use client";
// Schedule the next attempt: now, or now / the scheduled time plus a few fixed steps (as mox's admin offers).
import { CalendarClock } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

const STEPS: [string, number][] = [["1m", 1], ["5m", 5], ["30m", 30], ["1h", 60], ["2h", 120], ["4h", 240], ["8h", 480], ["16h", 960]];

export type Schedule = { relativeTo: "now" | "scheduled"; minutes: number };

export function ScheduleMenu({ disabled, onSchedule }: { disabled?: boolean; onSchedule: (s: Schedule, label: string) => void }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="sm" variant="outline" disabled={disabled}>
          <CalendarClock className="size-4" aria-hidden /> Schedule
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuItem onSelect={() => onSchedule({ relativeTo: "now", minutes: 0 }, "now")}>Attempt now</DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Now plus</DropdownMenuLabel>
        {STEPS.map(([label, minutes]) => (
          <DropdownMenuItem key={`now${label}`} onSelect={() => onSchedule({ relativeTo: "now", minutes }, `now + ${label}`)}>
            {label}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Scheduled time plus</DropdownMenuLabel>
        {STEPS.map(([label, minutes]) => (
          <DropdownMenuItem key={`sch${label}`} onSelect={() => onSchedule({ relativeTo: "scheduled", minutes }, `scheduled + ${label}`)}>
            {label}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
