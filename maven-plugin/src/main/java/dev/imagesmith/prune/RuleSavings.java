package dev.imagesmith.prune;

import java.util.List;

/**
 * What one rule removed.
 *
 * @param rule the rule's name
 * @param patterns the rule's patterns as text
 * @param removed the paths the rule matched, sorted (each with everything below it)
 * @param filesRemoved regular files and symlinks removed, those inside removed directories included
 * @param bytesSaved bytes of regular files whose last name in the stage was removed, each inode
 *     once; a hardlinked file whose other name survives saves nothing
 */
public record RuleSavings(
    String rule, List<String> patterns, List<String> removed, long filesRemoved, long bytesSaved) {
  public RuleSavings {
    patterns = List.copyOf(patterns);
    removed = List.copyOf(removed);
  }
}
