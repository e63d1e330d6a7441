import { beforeEach, describe, expect, it } from 'vitest';
import { type CheckInChange, createCheckInQueue, type SendOutcome } from './check-in-queue';

describe('the door’s check-in queue', () => {
  beforeEach(() => window.localStorage.clear());

  it('keeps changes through a reload until they are sent, in order, and shows them meanwhile', async () => {
    const queue = createCheckInQueue('m1');
    queue.add({ registrationId: 'a', checkedIn: true, at: '2027-03-11T09:01:00.000Z' });
    queue.add({ registrationId: 'b', checkedIn: true, at: '2027-03-11T09:02:00.000Z' });
    queue.add({ registrationId: 'a', checkedIn: false, at: '2027-03-11T09:03:00.000Z' });
    expect(queue.checkedInAt('a', null)).toBeNull();
    expect(queue.checkedInAt('b', null)).toBe('2027-03-11T09:02:00.000Z');
    expect(queue.checkedInAt('c', '2027-03-11T08:00:00.000Z')).toBe('2027-03-11T08:00:00.000Z');

    // Offline: nothing leaves, nothing is lost; a new queue on the same phone (a reload) still has them.
    const offline = await queue.flush(async () => 'retry');
    expect(offline).toEqual({ sent: 0, refused: [], pending: 3 });
    const reloaded = createCheckInQueue('m1');
    expect(reloaded.changes()).toHaveLength(3);
    expect(createCheckInQueue('m2').changes()).toHaveLength(0);

    const sent: CheckInChange[] = [];
    const back = await reloaded.flush(async (change) => {
      sent.push(change);
      return 'sent';
    });
    expect(back).toEqual({ sent: 3, refused: [], pending: 0 });
    expect(sent.map((change) => [change.registrationId, change.checkedIn])).toEqual([
      ['a', true],
      ['b', true],
      ['a', false],
    ]);
    expect(window.localStorage.getItem('bok.check-in.m1')).toBeNull();
  });

  it('drops a change the server refuses for good, and stops at the first that must wait', async () => {
    const queue = createCheckInQueue('m3');
    queue.add({ registrationId: 'waiting', checkedIn: true, at: '2027-03-11T09:01:00.000Z' });
    queue.add({ registrationId: 'b', checkedIn: true, at: '2027-03-11T09:02:00.000Z' });
    queue.add({ registrationId: 'c', checkedIn: true, at: '2027-03-11T09:03:00.000Z' });
    const outcomes: SendOutcome[] = [{ refused: 'On the waitlist' }, 'sent', 'retry'];
    const result = await queue.flush(async () => outcomes.shift()!);
    expect(result.sent).toBe(1);
    expect(result.refused.map((entry) => [entry.change.registrationId, entry.reason])).toEqual([
      ['waiting', 'On the waitlist'],
    ]);
    expect(queue.changes().map((change) => change.registrationId)).toEqual(['c']);
  });

  it('sends one flush at a time, however often the connection comes back', async () => {
    const queue = createCheckInQueue('m4');
    queue.add({ registrationId: 'a', checkedIn: true, at: '2027-03-11T09:01:00.000Z' });
    let calls = 0;
    const send = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'sent' as const;
    };
    const [first, second] = await Promise.all([queue.flush(send), queue.flush(send)]);
    expect(calls).toBe(1);
    expect(first).toBe(second);
  });
});
