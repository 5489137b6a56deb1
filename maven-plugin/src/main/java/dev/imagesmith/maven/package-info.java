/**
 * Mojos and XML configuration classes only: map the POM to a BuildPlan, call ImageBuilder, turn
 * exceptions into Maven failures. The only package importing Maven.
 */
package dev.imagesmith.maven;
