// Polls /api/ready on every replica through the run and keeps each answer with its time:
// `down` when the replica did not answer (it had just been killed).
export interface ReadinessAnswer {
  readonly at: number;
  readonly replica: string;
  readonly status: number | 'down';
}

export interface ReadinessProbe {
  results(): readonly ReadinessAnswer[];
  stop(): void;
}

const EVERY_MS = 250;

export function runReadinessProbe(urls: readonly string[]): ReadinessProbe {
  const answers: ReadinessAnswer[] = [];
  let stopped = false;
  const poll = async (url: string) => {
    while (!stopped) {
      let status: number | 'down';
      try {
        const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 'down';
      }
      if (!stopped) answers.push({ at: Date.now(), replica: url, status });
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
  };
  for (const url of urls) void poll(url);
  return {
    results: () => answers,
    stop: () => {
      stopped = true;
    },
  };
}
