/** Process-local counters in Prometheus' text format (GET /metrics); each relay process reports its own. */
const HELP: Record<string, string> = {
  relay_webhooks_total: 'HighLevel webhook requests by outcome (stored, duplicate, refused_<status>, unavailable).',
  relay_deliveries_total: 'Delivery attempts to hook URLs by outcome (delivered, gone, retry, dead, skipped).',
  relay_subscriptions_total: 'Subscription requests by outcome.',
};

export class Metrics {
  private counters = new Map<string, Map<string, number>>();

  count(name: string, labels: Record<string, string>, by = 1): void {
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    const series = this.counters.get(name) ?? new Map<string, number>();
    series.set(key, (series.get(key) ?? 0) + by);
    this.counters.set(name, series);
  }

  render(gauges: Record<string, number> = {}): string {
    const lines: string[] = [];
    for (const [name, series] of this.counters) {
      lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
      for (const [labels, value] of series) lines.push(`${name}{${labels}} ${value}`);
    }
    for (const [name, value] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}
