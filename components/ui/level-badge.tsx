import { Badge } from "./card";

const TONE = {
  junior: "border-emerald-600 text-emerald-800 dark:text-emerald-300",
  middle: "border-sky-600 text-sky-800 dark:text-sky-300",
  senior: "border-violet-600 text-violet-800 dark:text-violet-300",
} as const;

export function LevelBadge({ level }: { level: keyof typeof TONE }) {
  return <Badge className={TONE[level]}>{level}</Badge>;
}
