package dev.imagesmith.prune;

import java.util.List;
import java.util.Map;

/**
 * What pruning a stage removed: one entry per rule, in rule order (rules that matched nothing
 * included), the paths each rule matched, and the totals.
 *
 * @param removed by rule name, the paths the rule matched, sorted (each with everything below it)
 */
public record PruneReport(
    List<RuleSavings> rules,
    Map<String, List<String>> removed,
    long filesRemoved,
    long bytesSaved) {
  public PruneReport {
    rules = List.copyOf(rules);
    removed = Map.copyOf(removed);
  }

  /** The savings of the rule called {@code name}. */
  public RuleSavings rule(String name) {
    return rules.stream()
        .filter(rule -> rule.rule().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no prune rule " + name));
  }

  /** The paths the rule called {@code name} matched, sorted. */
  public List<String> removed(String name) {
    rule(name);
    return removed.get(name);
  }
}
