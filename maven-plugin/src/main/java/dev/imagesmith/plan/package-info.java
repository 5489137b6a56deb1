/**
 * Immutable, validated build plan records (BuildPlan, StageSpec, StepSpec, ...) that the Maven
 * layer makes from the POM. Each element carries its XML path for messages ({@code where}, {@code
 * ConfigPaths}): apart from {@code maven}, this is the only package that spells the POM's elements
 * ({@code arch.XmlLiteralsTest}). Imports nothing of Maven or Jib, and nothing of ours but {@code
 * error} and {@code image.Compression} (the compression new layers get).
 */
package dev.imagesmith.plan;
