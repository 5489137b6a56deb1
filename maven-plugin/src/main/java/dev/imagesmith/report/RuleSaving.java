package dev.imagesmith.report;

/** What one prune rule removed from one stage. */
public record RuleSaving(String rule, long files, long bytes) {}
