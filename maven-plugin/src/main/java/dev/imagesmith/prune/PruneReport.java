package dev.imagesmith.prune;

import java.util.List;

/**
 * What pruning a stage removed: one entry per rule, in rule order (rules that matched nothing
 * included), and the totals.
 */
public record PruneReport(List<RuleSavings> rules, long filesRemoved, long bytesSaved) {
  public PruneReport {
    rules = List.copyOf(rules);
  }

  /** The savings of the rule called {@code name}. */
  public RuleSavings rule(String name) {
    return rules.stream()
        .filter(rule -> rule.rule().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no prune rule " + name));
  }
}
