import { describe, expect, it } from 'vitest';
import { answersSchemaFor, answerText, type Question, questionsReplaceSchema } from './questions';

const track: Question = {
  id: '00000000-0000-4000-8000-000000000001',
  label: 'Hvilket spor?',
  kind: 'single_choice',
  required: true,
  options: ['Formidling', 'Data'],
};
const dinner: Question = {
  id: '00000000-0000-4000-8000-000000000002',
  label: 'Middag?',
  kind: 'yes_no',
  required: false,
  options: [],
};
const topics: Question = {
  id: '00000000-0000-4000-8000-000000000003',
  label: 'Emner',
  kind: 'multiple_choice',
  required: false,
  options: ['A', 'B', 'C'],
};
const note: Question = {
  id: '00000000-0000-4000-8000-000000000004',
  label: 'Noget at tilføje?',
  kind: 'long_text',
  required: false,
  options: [],
};

const issuesOf = (value: unknown) => {
  const parsed = answersSchemaFor([track, dinner, topics, note]).safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('answers to a meeting’s questions', () => {
  it('accepts answers of each kind and drops empty optional ones', () => {
    const parsed = answersSchemaFor([track, dinner, topics, note]).parse({
      [track.id]: 'Data',
      [dinner.id]: false,
      [topics.id]: ['A', 'C', 'A'],
      [note.id]: '',
    });
    expect(parsed).toEqual({ [track.id]: 'Data', [dinner.id]: false, [topics.id]: ['A', 'C'] });
  });

  it('names each wrong answer by its question', () => {
    expect(issuesOf({})).toEqual([[track.id, 'answer_required']]);
    expect(issuesOf({ [track.id]: '' })).toEqual([[track.id, 'answer_required']]);
    expect(issuesOf({ [track.id]: 'Sport' })).toEqual([[track.id, 'unknown_option']]);
    expect(issuesOf({ [track.id]: 'Data', [topics.id]: ['D'] })).toEqual([[`${topics.id}.0`, 'unknown_option']]);
    expect(issuesOf({ [track.id]: 'Data', [dinner.id]: 'ja' })[0]?.[0]).toBe(dinner.id);
    // A question the meeting does not ask.
    expect(issuesOf({ [track.id]: 'Data', other: 'x' })[0]?.[1]).toMatch(/unrecognized|other/i);
  });

  it('reads answers as people do', () => {
    const yesNo = { yes: 'Ja', no: 'Nej' };
    expect(answerText(true, yesNo)).toBe('Ja');
    expect(answerText(['A', 'C'], yesNo)).toBe('A, C');
    expect(answerText(undefined, yesNo)).toBe('');
  });
});

describe('the questions a coordinator writes', () => {
  it('wants options for choices only, at least two, none twice', () => {
    const issues = (item: object) => {
      const parsed = questionsReplaceSchema.safeParse({ items: [item] });
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    expect(issues({ label: 'Spor', kind: 'single_choice', options: ['A'] })).toEqual(['options_required']);
    expect(issues({ label: 'Navn', kind: 'short_text', options: ['A'] })).toEqual(['options_not_allowed']);
    expect(issues({ label: 'Spor', kind: 'multiple_choice', options: ['A', 'a'] })).toEqual(['options_repeated']);
    expect(issues({ label: 'Middag?', kind: 'yes_no' })).toEqual([]);
  });
});
