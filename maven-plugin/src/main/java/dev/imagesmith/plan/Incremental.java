package dev.imagesmith.plan;

/**
 * Whether a stage that must run again starts from the tree its steps left last time ({@code
 * <incremental>}), so that {@code make} sees only what changed.
 */
public enum Incremental {
  /** Not asked for: every run starts from an empty sandbox (or the stage's base). */
  NO,
  /** {@code <incremental>true</incremental>}: a run starts from the tree the last run left. */
  YES,
  /** Asked for, but {@code image.incremental=false}: every run starts from scratch. */
  OFF_BY_PROPERTY;

  /** Whether runs start from the kept tree. */
  public boolean on() {
    return this == YES;
  }

  /** Whether the stage asked for it (the reports then say how each run started). */
  public boolean asked() {
    return this != NO;
  }
}
