import { describe, expect, it } from 'vitest';
import { neutralised } from './registrations.csv';
import { nextCheckIn } from './registrations.participants';

const at = (minute: number) => new Date(Date.UTC(2027, 2, 11, 9, minute));

describe('check-in changes from the door', () => {
  it('applies the newest change only, keeping the first arrival time', () => {
    const fresh = { checkedInAt: null, checkInChangedAt: null };
    expect(nextCheckIn(fresh, { checkedIn: true, at: at(1) })).toEqual({
      checkedInAt: at(1),
      changedAt: at(1),
      applied: true,
    });
    const inside = { checkedInAt: at(1), checkInChangedAt: at(1) };
    expect(nextCheckIn(inside, { checkedIn: true, at: at(5) })).toEqual({
      checkedInAt: at(1),
      changedAt: at(5),
      applied: false,
    });
    expect(nextCheckIn(inside, { checkedIn: true, at: at(1) })).toBeNull();
    expect(nextCheckIn(inside, { checkedIn: false, at: at(0) })).toBeNull();
  });

  it('settles an undo that arrives before the check-in it undoes on "not checked in"', () => {
    const fresh = { checkedInAt: null, checkInChangedAt: null };
    const afterUndo = nextCheckIn(fresh, { checkedIn: false, at: at(2) })!;
    expect(afterUndo).toMatchObject({ checkedInAt: null, applied: false });
    expect(
      nextCheckIn(
        { checkedInAt: afterUndo.checkedInAt, checkInChangedAt: afterUndo.changedAt },
        {
          checkedIn: true,
          at: at(1),
        },
      ),
    ).toBeNull();
  });
});

describe('CSV cells', () => {
  it('neutralises what a spreadsheet would run as a formula, and nothing else', () => {
    for (const formula of ['=1+1', '+45', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralised(formula)).toBe(`'${formula}`);
    for (const text of ['Åse', '45 år', 'a=b', '']) expect(neutralised(text)).toBe(text);
  });
});
