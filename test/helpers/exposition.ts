// Reads a Prometheus text exposition with parse-prometheus-text-format, an independent
// parser. That parser folds every sample of a labelled histogram into one unlabelled
// sample (its open issue #13), so the text is parsed twice: as it is, for each family's type
// and help; and with the TYPE lines dropped, which leaves every sample line (_bucket, _sum,
// _count included) as an untyped series with all its labels.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Family {
  readonly type: string;
  readonly help: string;
}

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly families: ReadonlyMap<string, Family>;
  /** The samples of one sample name (`x_count` for a histogram's counts) whose labels include `labels`. */
  samples(name: string, labels?: Record<string, string>): Sample[];
  /** The value of the one sample of `name` whose labels include `labels`, or 0 when none does. */
  value(name: string, labels?: Record<string, string>): number;
}

export function parseExposition(text: string): Exposition {
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, { type: family.type, help: family.help }]));
  const series = new Map<string, Sample[]>();
  for (const family of parsePrometheusTextFormat(text.replace(/^# TYPE .*$/gm, ''))) {
    const samples = series.get(family.name) ?? [];
    for (const sample of family.metrics) samples.push({ labels: sample.labels ?? {}, value: Number(sample.value) });
    series.set(family.name, samples);
  }
  const samples = (name: string, labels: Record<string, string> = {}) =>
    (series.get(name) ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return {
    families,
    samples,
    value: (name, labels = {}) => {
      const found = samples(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value ?? 0;
    },
  };
}
