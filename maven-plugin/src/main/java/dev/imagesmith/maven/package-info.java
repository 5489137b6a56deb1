/**
 * Mojos and XML configuration classes only: map the POM to a BuildPlan, call ImageBuilder, turn
 * exceptions into Maven failures. The only package importing Maven. May import {@code plan}, {@code
 * build}, {@code event}, {@code error}, {@code io} (redaction and log text for Maven's log, the
 * transfer limits, the rule for the plugin's own directories), {@code registry} (the push goal and
 * credential sources), two values: {@code image.Compression} (the {@code <compression>} a plan
 * carries) and {@code image.Digest} (the digest file the push goal reads), and {@code
 * isolation.IsolationProbe} (the names {@code image.isolation.mechanism} takes, checked with the
 * other properties); nothing else of the engine's inner packages.
 *
 * <p>Messages name XML elements with one notation: segments {@code <element>} joined by {@code /},
 * a 1-based {@code [n]} counting same-named siblings where an element repeats, and a stage's name
 * in parentheses, for example {@code <stages>/<stage>[2] (builder)/<steps>/<copy>[1]/<source>}.
 */
package dev.imagesmith.maven;
