import { cn } from "./cn";
import { inputClass } from "./field";

interface SearchFormProps {
  /** The page the query goes to, as `?q=`: a plain GET, so results have a URL and work without JavaScript. */
  action: string;
  id: string;
  /** What is searched, read by screen readers (the box shows only its placeholder). */
  label: string;
  placeholder: string;
  defaultValue?: string;
  /** Pages with room for it show a button; the header's boxes submit with Enter. */
  submitLabel?: string;
  className?: string;
  inputClassName?: string;
}

export function SearchForm({ action, id, label, placeholder, defaultValue, submitLabel, className, inputClassName }: SearchFormProps) {
  return (
    <form action={action} role="search" className={className}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} name="q" type="search" defaultValue={defaultValue} placeholder={placeholder} className={inputClassName ?? inputClass} />
      {submitLabel && (
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
          {submitLabel}
        </button>
      )}
    </form>
  );
}

/** Lessons and questions, from the site header (wide screens) or its menu (phones). */
export function SiteSearch({ id, className, inputClassName }: { id: string; className: string; inputClassName: string }) {
  return <SearchForm action="/search" id={id} label="Search lessons and questions" placeholder="Search…" className={className} inputClassName={cn("rounded-md border border-[var(--border)] bg-[var(--bg)] px-3", inputClassName)} />;
}
