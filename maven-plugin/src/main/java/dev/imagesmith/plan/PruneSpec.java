package dev.imagesmith.plan;

import java.util.List;

/** What to remove from a stage after its steps ran. All three rule families default to on. */
public record PruneSpec(
    boolean staticLibraries, boolean packageCaches, boolean docs, List<String> excludes) {
  public PruneSpec {
    excludes = List.copyOf(excludes);
  }

  public static PruneSpec defaults() {
    return new PruneSpec(true, true, true, List.of());
  }
}
