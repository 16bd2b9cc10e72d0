/**
 * Compare a replayed turn with the recorded one: the nodes entered, where it rested, the
 * variables it left (as dotted paths) and the reply. Pure, so the rules are tested alone.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { replayDivergenceSchema, variableDiffSchema } from '../../../shared/api/replays-api.ts';

export type VariableDiff = z.infer<typeof variableDiffSchema>;
export type Divergence = z.infer<typeof replayDivergenceSchema>;

export interface TurnSide {
  path: string[] | undefined;
  node: string | null;
  variables: Record<string, unknown>;
  reply: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The dotted paths whose values differ; objects are walked, anything else compared whole.
 * @example diffVariables({ a: { b: 1 } }, { a: { b: 2 } }) // [{ path: 'a.b', recorded: 1, replayed: 2 }]
 */
export function diffVariables(recorded: unknown, replayed: unknown, prefix = ''): VariableDiff[] {
  if (isPlainObject(recorded) && isPlainObject(replayed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    return keys.flatMap((key) => diffVariables(recorded[key], replayed[key], prefix === '' ? key : `${prefix}.${key}`));
  }
  return isDeepStrictEqual(recorded, replayed) ? [] : [{ path: prefix, recorded: recorded ?? null, replayed: replayed ?? null }];
}

/** The first step where the two paths part, as `from → to` on each side; null when they agree. */
function transitions(recorded: readonly string[], replayed: readonly string[], restingBefore: string | null): { recorded: string | null; replayed: string | null } {
  const length = Math.max(recorded.length, replayed.length);
  for (let i = 0; i < length; i += 1) {
    if (recorded[i] === replayed[i]) continue;
    const from = (i === 0 ? restingBefore : recorded[i - 1]) ?? '(start)';
    const step = (to: string | undefined) => `${from} → ${to ?? '(rests)'}`;
    return { recorded: step(recorded[i]), replayed: step(replayed[i]) };
  }
  return { recorded: null, replayed: null };
}

export interface TurnComparison {
  /** The path or the resting node differs, or the variables do. */
  diverged: boolean;
  textDiffers: boolean;
  divergence: Divergence;
}

/**
 * @param restingBefore where both sides rested before the turn (null for the opening).
 * A recorded turn without a path (stored before paths were) is compared by its resting node.
 */
export function compareTurn(turn: number, userMessage: string | null, restingBefore: string | null, recorded: TurnSide, replayed: TurnSide): TurnComparison {
  const recordedPath = recorded.path ?? replayed.path ?? [];
  const replayedPath = recorded.path === undefined ? recordedPath : (replayed.path ?? []);
  const pathDiffers = !isDeepStrictEqual(recordedPath, replayedPath) || recorded.node !== replayed.node;
  const variables = diffVariables(recorded.variables, replayed.variables);
  const moves = transitions(recordedPath, replayedPath, restingBefore);
  return {
    diverged: pathDiffers || variables.length > 0,
    textDiffers: recorded.reply !== replayed.reply,
    divergence: {
      turn,
      user_message: userMessage,
      recorded: { path: recordedPath, node: recorded.node, transition: moves.recorded, reply: recorded.reply },
      replayed: { path: replayedPath, node: replayed.node, transition: moves.replayed, reply: replayed.reply },
      variables,
    },
  };
}
