/**
 * What a turn read from the visitor's answer to an `ask` or `form` node: accepted (and the
 * variables it set, and for choices which one and the words that named it), rejected, or
 * ambiguous between choices. Stored with the turn and shown in the call's debug log.
 */
import { z } from 'zod';

export const answerRecordSchema = z.object({
  /** The node that read the answer. */
  node: z.string(),
  outcome: z.enum(['accepted', 'rejected', 'ambiguous']),
  /** Variables the answer set, by path (`{ "claim_type": "home" }`). */
  saved: z.record(z.string(), z.unknown()).optional(),
  /** The choice an answer picked: its label, the stored value, the part of the answer that named it, and how. */
  choice: z
    .object({
      label: z.string(),
      value: z.string(),
      matched: z.string(),
      by: z.enum(['answer', 'words', 'number']).describe('answer: the whole answer was a name; words: a name found in it; number: the choice number'),
    })
    .optional(),
  /** The labels of the choices an ambiguous answer named. */
  candidates: z.array(z.string()).optional(),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;
