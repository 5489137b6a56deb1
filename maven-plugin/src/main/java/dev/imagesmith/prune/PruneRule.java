package dev.imagesmith.prune;

import dev.imagesmith.fs.SandboxEntry;
import java.util.List;

/**
 * A named set of patterns whose matches are removed from a stage, reported together.
 *
 * @param name what reports call it: {@code static libraries}, {@code exclude **}{@code /*.pyc}
 * @param patterns exactly what it removes
 */
public record PruneRule(String name, List<PrunePattern> patterns) {
  public PruneRule {
    patterns = List.copyOf(patterns);
  }

  /** True if a pattern matches {@code entry}; the stage root never matches. */
  public boolean matches(SandboxEntry entry) {
    if (entry.path().equals("/")) {
      return false;
    }
    for (PrunePattern pattern : patterns) {
      if (pattern.matches(entry)) {
        return true;
      }
    }
    return false;
  }

  /** The patterns as text, for reports and documentation. */
  public List<String> patternTexts() {
    return patterns.stream().map(PrunePattern::toString).toList();
  }
}
