/**
 * Mojos and XML configuration classes only: map the POM to a BuildPlan, call ImageBuilder, turn
 * exceptions into Maven failures. The only package importing Maven. May import {@code plan}, {@code
 * pipeline}, {@code event}, {@code error}, {@code io} (redaction and log text for Maven's log, the
 * transfer limits, the rule for the plugin's own directories), {@code registry} (the push goal,
 * credential sources and mirrors), {@code net} (the proxies of settings.xml), {@code store} (the
 * files the report and push goals put in place), {@code debian.ArchiveMirror} (the {@code
 * <debianMirror>} setting), two values: {@code image.Compression} (the {@code <compression>} a plan
 * carries) and {@code image.Digest} (the digest file the push goal reads), and {@code
 * isolation.IsolationProbe} (the names {@code image.isolation.mechanism} takes, checked with the
 * other properties), and {@code verify} with {@code image.Platform} (the verify goal's comparison,
 * and {@code <platforms>} checked for repeats); nothing else of the engine's inner packages.
 *
 * <p>Messages name XML elements with one notation: segments {@code <element>} joined by {@code /},
 * a 1-based {@code [n]} counting same-named siblings where an element repeats, and a stage's name
 * in parentheses, for example {@code <stages>/<stage>[2] (builder)/<steps>/<copy>[1]/<source>}.
 *
 * <p>Parameter Javadoc becomes the goal pages (HTML) and plugin.xml (plain text, escaped for
 * help:describe by src/build/HtmlSafeDescriptions.java); DescriptorTextsTest checks that both read
 * whole. Element names go in code tags as usual, but XML holding a closing brace (such as ${env.X})
 * goes in a pre or code element written with &amp;lt; entities: the descriptor's Javadoc parser
 * ends a code tag at its first closing brace.
 */
package dev.imagesmith.maven;
