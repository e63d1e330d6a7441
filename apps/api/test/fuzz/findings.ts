import type { RequestFacts, Violation } from './oracle';
import type { FuzzRequest } from './requests';
import type { Answer } from './transport';

/** One thing wrong with one answer: the request, what it meant, the answer and the rule it broke. */
export interface Finding {
  request: FuzzRequest;
  facts: RequestFacts;
  answer: Answer;
  violation: Violation;
}
