package dev.imagesmith.prune;

/**
 * What one prune rule removed from one stage: what the build log, the size table, image.json,
 * report.html and the stage cache show of pruning.
 *
 * @param rule the rule's name
 * @param filesRemoved regular files and symlinks removed, those inside removed directories included
 * @param bytesSaved bytes of regular files whose last name in the stage was removed, each inode
 *     once; a hardlinked file whose other name survives saves nothing
 */
public record RuleSavings(String rule, long filesRemoved, long bytesSaved) {}
