/** What `echopilot rate-guard` asks the worker to do with the ban list. */
export type RateGuardAction = { action: 'stats' } | { action: 'clear'; ip: string } | { action: 'clear-all' };
