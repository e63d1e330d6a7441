/**
 * The network meets in Denmark: every date and time is shown in this zone. On its own, without
 * the zone arithmetic of `./time`, so the public pages' formatting does not carry that code.
 */
export const networkTimeZone = 'Europe/Copenhagen';
