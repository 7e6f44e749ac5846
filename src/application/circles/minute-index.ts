import { Heap } from 'heap-js';

/**
 * Entries bucketed by minute, with a min-heap of the minutes that have entries: finding what is
 * due takes whole buckets (thousands of circles starting at 09:00 share one), not one pop each.
 */
export class MinuteIndex<E extends { at: number }> {
  private readonly buckets = new Map<number, E[]>();
  private readonly minutes = new Heap<number>((a, b) => a - b);
  private count = 0;

  push(entry: E): void {
    const minute = Math.floor(entry.at / 60_000);
    const bucket = this.buckets.get(minute);
    if (bucket) bucket.push(entry);
    else {
      this.buckets.set(minute, [entry]);
      this.minutes.push(minute);
    }
    this.count++;
  }

  init(entries: readonly E[]): void {
    for (const e of entries) this.push(e);
  }

  /** Removes and returns every entry at or before `limit` (ms). */
  takeDue(limit: number): E[] {
    const out: E[] = [];
    const last = Math.floor(limit / 60_000);
    for (let minute = this.minutes.peek(); minute !== undefined && minute <= last; minute = this.minutes.peek()) {
      this.minutes.pop();
      const bucket = this.buckets.get(minute) ?? [];
      this.buckets.delete(minute);
      this.count -= bucket.length;
      if (minute < last) {
        for (const e of bucket) out.push(e);
        continue;
      }
      // The current minute: entries later in it stay.
      const later = bucket.filter((e) => e.at > limit);
      for (const e of bucket) if (e.at <= limit) out.push(e);
      for (const e of later) this.push(e);
    }
    return out;
  }

  size(): number {
    return this.count;
  }
}
