/**
 * Immutable, validated build plan records (BuildPlan, StageSpec, StepSpec, ...) that the Maven
 * layer makes from the POM. Imports nothing of Maven or Jib, and nothing of ours but {@code error}
 * and {@code image.Compression} (the compression new layers get).
 */
package dev.imagesmith.plan;
