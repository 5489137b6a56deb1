/**
 * Mojos and XML configuration classes only: map the POM to a BuildPlan, call ImageBuilder, turn
 * exceptions into Maven failures. The only package importing Maven. May import {@code plan}, {@code
 * build}, {@code event}, {@code error}, {@code registry} (the push goal and credential sources) and
 * {@code verify} with {@code image} (the verify goal's comparison); nothing else of the engine's
 * inner packages.
 *
 * <p>Messages name XML elements with one notation: segments {@code <element>} joined by {@code /},
 * a 1-based {@code [n]} counting same-named siblings where an element repeats, and a stage's name
 * in parentheses, for example {@code <stages>/<stage>[2] (builder)/<steps>/<copy>[1]/<source>}.
 */
package dev.imagesmith.maven;
