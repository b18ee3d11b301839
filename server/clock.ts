/** Time source. Production uses the system clock; tests pass a controllable one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fakeClock(start: Date | string = '2026-03-02T02:00:00Z') {
  let t = new Date(start).getTime();
  const clock: Clock & { advance(ms: number): void; set(d: Date | string): void } = Object.assign(() => new Date(t), {
    advance(ms: number) {
      t += ms;
    },
    set(d: Date | string) {
      t = new Date(d).getTime();
    },
  });
  return clock;
}
