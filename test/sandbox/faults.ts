// A queue of injected faults shared by the sandbox servers. Faults are consumed in list order:
// each event takes the first pending fault it matches, so a list can script a whole scenario
// ("first token request throttled, second succeeds") up front or be replaced mid-test.
export class FaultQueue<F> {
  private items: F[] = [];

  set(faults: readonly F[]): void {
    this.items = [...faults];
  }

  take(matches: (fault: F) => boolean = () => true): F | undefined {
    const index = this.items.findIndex(matches);
    if (index < 0) return undefined;
    return this.items.splice(index, 1)[0];
  }

  get pending(): readonly F[] {
    return this.items;
  }
}
