// Default run names: two-word "adjective-animal" slugs, as Prefect's generate_slug(2) makes.
import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'brave', 'calm', 'daring', 'eager', 'fancy', 'gentle', 'happy', 'icy', 'jolly',
  'keen', 'lively', 'mellow', 'nimble', 'olive', 'proud', 'quick', 'rustic', 'silver', 'tidy',
  'upbeat', 'vivid', 'witty', 'young', 'zealous', 'bold', 'cheerful', 'dusty', 'elegant', 'fuzzy',
] as const;

const ANIMALS = [
  'albatross', 'badger', 'camel', 'dingo', 'eagle', 'ferret', 'gecko', 'heron', 'ibis', 'jackal',
  'koala', 'lemur', 'marmot', 'newt', 'otter', 'panda', 'quail', 'raccoon', 'salamander', 'tapir',
  'urchin', 'vole', 'walrus', 'yak', 'zebra', 'bison', 'coyote', 'dolphin', 'finch', 'gazelle',
] as const;

function pick(words: readonly string[]): string {
  return words[randomInt(words.length)] ?? 'run';
}

/** A fresh run name such as "brave-otter". */
export function generateRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}`;
}

/** Prefect's get_or_create_run_name: keep a non-empty name, otherwise generate one. */
export function runNameOrGenerated(name: string | null | undefined): string {
  return name ? name : generateRunName();
}
