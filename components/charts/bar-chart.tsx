/** An accessible SVG bar chart: title and description for assistive tech, and the numbers as a table. */
export function BarChart({
  title,
  description,
  values,
  labels,
  unit,
  height = 160,
}: {
  title: string;
  description: string;
  values: number[];
  labels: string[];
  unit: string;
  height?: number;
}) {
  const max = Math.max(1, ...values);
  const width = Math.max(300, values.length * 8);
  const barWidth = width / values.length;
  const id = title.replace(/\W+/g, "-").toLowerCase();
  return (
    <figure className="my-4">
      <svg viewBox={`0 0 ${width} ${height + 20}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} className="text-brand-600 dark:text-brand-100">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <line x1="0" y1={height} x2={width} y2={height} stroke="var(--border)" />
        {values.map((v, i) => {
          const h = (v / max) * (height - 10);
          return (
            <rect key={i} x={i * barWidth + 1} y={height - h} width={Math.max(1, barWidth - 2)} height={h} fill="currentColor">
              <title>{`${labels[i]}: ${v.toFixed(1)} ${unit}`}</title>
            </rect>
          );
        })}
        <text x="0" y={height + 15} fontSize="10" fill="var(--fg-muted)">
          {labels[0]}
        </text>
        <text x={width} y={height + 15} fontSize="10" fill="var(--fg-muted)" textAnchor="end">
          {labels[labels.length - 1]}
        </text>
        <text x="2" y="10" fontSize="10" fill="var(--fg-muted)">
          {max.toFixed(0)} {unit}
        </text>
      </svg>
      <figcaption className="text-sm text-[var(--fg-muted)]">{description}</figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>{unit}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v, i) => (
            <tr key={i}>
              <td>{labels[i]}</td>
              <td>{v.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
