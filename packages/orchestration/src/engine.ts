// The orchestration loop and the rule contract: rules are entered in policy order (their
// before-hooks may reject, delay, abort or rename), the proposed state is validated, then
// rules are exited in reverse order (after-hooks, or cleanup for rules that fizzled).
import type { StateRecord, StateType } from '@prefect-server-ts/storage';
import { initialStateType, proposedStateType, type RunContext } from './context.ts';
import { ALL_STATE_TYPES, TERMINAL_STATE_TYPES, type State } from './states.ts';

export type StateTypeSet = ReadonlySet<StateType | null>;

/** Every state type, and null (a run with no state yet, or a nullified proposal). */
export const ALL_ORCHESTRATION_STATES: StateTypeSet = new Set<StateType | null>([...ALL_STATE_TYPES, null]);
export const TERMINAL_STATES: StateTypeSet = TERMINAL_STATE_TYPES;

export function statesOf(...types: (StateType | null)[]): StateTypeSet {
  return new Set(types);
}

export function allStatesExcept(...types: (StateType | null)[]): StateTypeSet {
  return new Set([...ALL_ORCHESTRATION_STATES].filter((type) => !types.includes(type)));
}

/** What a before-hook sees, and the only ways it may change the transition. */
export interface RuleEntry<C extends RunContext> {
  readonly context: C;
  readonly initialState: State | null;
  /** The proposed state as this rule was entered; its state_details may be changed in place. */
  readonly proposedState: State | null;
  /** Replaces the proposal with `state` (null: keep the current state) and answers REJECT. */
  reject(state: State | null, reason: string): void;
  /** Writes nothing and tells the client to try again in `delaySeconds`. */
  delay(delaySeconds: number, reason: string): void;
  /** Writes nothing and tells the client to stop. */
  abort(reason: string): void;
  /** Renames the proposed state without changing its type: no rule fizzles. */
  rename(name: string): void;
  setParameter(key: string, value: unknown): void;
}

export interface RuleExit<C extends RunContext> {
  readonly context: C;
  readonly initialState: State | null;
  readonly validatedState: StateRecord | null;
}

/**
 * A rule governs transitions from `fromStates` to `toStates`. `before` may return a memo,
 * handed to `after` (the transition went as the rule left it) or `cleanup` (a later rule
 * changed the proposed state's type: the rule fizzled and should undo its side effects).
 */
export interface OrchestrationRule<C extends RunContext = RunContext, Memo = unknown> {
  readonly kind: 'rule';
  readonly name: string;
  readonly fromStates: StateTypeSet;
  readonly toStates: StateTypeSet;
  before?(entry: RuleEntry<C>): Memo | void | Promise<Memo | void>;
  after?(exit: RuleExit<C>, memo: Memo | undefined): void | Promise<void>;
  cleanup?(exit: RuleExit<C>, memo: Memo | undefined): void | Promise<void>;
}

/** Bookkeeping that fires on every transition; each transform skips nullified ones itself. */
export interface UniversalTransform<C extends RunContext = RunContext> {
  readonly kind: 'transform';
  readonly name: string;
  before?(context: C): void | Promise<void>;
  after?(context: C): void | Promise<void>;
}

export type PolicyMember<C extends RunContext> = OrchestrationRule<C> | UniversalTransform<C>;
/** An ordered list of rules and transforms; earlier members wrap later ones. */
export type Policy<C extends RunContext> = readonly PolicyMember<C>[];

export function defineRule<C extends RunContext, Memo = void>(rule: Omit<OrchestrationRule<C, Memo>, 'kind'>): OrchestrationRule<C, Memo> {
  return { kind: 'rule', ...rule };
}

export function defineTransform<C extends RunContext>(transform: Omit<UniversalTransform<C>, 'kind'>): UniversalTransform<C> {
  return { kind: 'transform', ...transform };
}

export class OrchestrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrchestrationError';
  }
}

interface Entered {
  exit(): Promise<void>;
}

/** One rule governing one transition; holds the transition it was entered with. */
class RuleInvocation<C extends RunContext> implements RuleEntry<C>, Entered {
  readonly initialState: State | null;
  readonly proposedState: State | null;
  private invalidOnEntry: boolean | undefined;
  private memo: unknown;
  readonly rule: OrchestrationRule<C>;
  readonly context: C;
  private readonly fromType: StateType | null;
  private toType: StateType | null;

  constructor(rule: OrchestrationRule<C>, context: C, fromType: StateType | null, toType: StateType | null) {
    this.rule = rule;
    this.context = context;
    this.fromType = fromType;
    this.toType = toType;
    this.initialState = context.initialState;
    this.proposedState = context.proposedState;
  }

  async enter(): Promise<void> {
    if (this.invalid()) return;
    this.memo = await this.rule.before?.(this);
    this.context.ruleSignature.push(this.rule.name);
  }

  async exit(): Promise<void> {
    const exit: RuleExit<C> = { context: this.context, initialState: this.context.initialState, validatedState: this.context.validatedState };
    if (this.invalid()) return;
    if (this.fizzled()) {
      await this.rule.cleanup?.(exit, this.memo);
      return;
    }
    await this.rule.after?.(exit, this.memo);
    this.context.finalizationSignature.push(this.rule.name);
  }

  /**
   * Invalid rules fire no hook. A rule is invalid when its (possibly self-changed) transition
   * leaves its from/to sets, or when it was entered after the proposal had already changed.
   */
  private invalid(): boolean {
    if (!this.rule.fromStates.has(this.fromType) || !this.rule.toStates.has(this.toType)) this.invalidOnEntry = true;
    this.invalidOnEntry ??= this.transitionDiffers();
    return this.invalidOnEntry;
  }

  /** Valid on entry, but another rule has since changed the transition. */
  private fizzled(): boolean {
    return !this.invalidOnEntry && this.transitionDiffers();
  }

  private transitionDiffers(): boolean {
    return this.fromType !== initialStateType(this.context) || this.toType !== proposedStateType(this.context);
  }

  private assertNotValidated(): void {
    if (this.context.validatedState) throw new OrchestrationError('The transition is already validated');
  }

  reject(state: State | null, reason: string): void {
    this.assertNotValidated();
    if (state === null && this.fromType === null) {
      throw new OrchestrationError('The current run has no state; this transition cannot be rejected without providing a new state.');
    }
    // A rule that changes the proposal does not fizzle itself.
    this.toType = state?.type ?? null;
    this.context.proposedState = state;
    this.context.responseStatus = 'REJECT';
    this.context.responseDetails = { type: 'reject_details', reason };
  }

  delay(delaySeconds: number, reason: string): void {
    this.nullify();
    this.context.responseStatus = 'WAIT';
    this.context.responseDetails = { type: 'wait_details', delay_seconds: delaySeconds, reason };
  }

  abort(reason: string): void {
    this.nullify();
    this.context.responseStatus = 'ABORT';
    this.context.responseDetails = { type: 'abort_details', reason };
  }

  private nullify(): void {
    this.assertNotValidated();
    this.toType = null;
    this.context.proposedState = null;
  }

  rename(name: string): void {
    if (this.context.proposedState) this.context.proposedState.name = name;
  }

  setParameter(key: string, value: unknown): void {
    this.context.parameters[key] = value;
  }
}

/**
 * Runs `policy` over the context's transition. Only members whose from/to sets hold the
 * intended transition take part; transforms always do. An error thrown by a hook propagates:
 * Prefect re-raises it after unwinding, and the caller's transaction rolls back.
 */
export async function orchestrate<C extends RunContext>(context: C, policy: Policy<C>, validate: (context: C) => Promise<void>): Promise<void> {
  const from = initialStateType(context);
  const to = proposedStateType(context);
  const entered: Entered[] = [];
  for (const member of policy) {
    if (member.kind === 'transform') {
      await member.before?.(context);
      context.ruleSignature.push(member.name);
      entered.push({
        exit: async () => {
          await member.after?.(context);
          context.finalizationSignature.push(member.name);
        },
      });
    } else if (member.fromStates.has(from) && member.toStates.has(to)) {
      const invocation = new RuleInvocation(member, context, from, to);
      await invocation.enter();
      entered.push(invocation);
    }
  }
  await validate(context);
  for (const member of entered.reverse()) await member.exit();
}
