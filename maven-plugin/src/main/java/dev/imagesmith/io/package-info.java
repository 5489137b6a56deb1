/**
 * Low-level host file helpers shared by every package (link-safe recursive delete, lock files
 * opened without following links, permission bits), {@link dev.imagesmith.io.OwnDirectories} (the
 * one rule for the plugin's own directories: real directories below a trusted root, never links),
 * the plugin version for cache keys, and {@link dev.imagesmith.io.UrlReader}, which opens the URLs
 * that steps fetch, and {@link dev.imagesmith.io.JsonTrees}, the JSON reader and writer every
 * package uses (strict, capped, canonical where a digest depends on the bytes), with {@link
 * dev.imagesmith.io.JsonFields} for the typed fields of documents read from outside. Untrusted
 * input goes through {@link dev.imagesmith.io.UntrustedFiles} (regular files only, never through a
 * link inside an input) and is quoted in messages only through {@link dev.imagesmith.io.Excerpt}.
 *
 * <p>Two guards every package that talks to a network shares: {@link dev.imagesmith.io.Redaction},
 * the one place that masks URLs' user-info and signed parameters, echoed credentials and the
 * secrets in use before text reaches a log, an error or a file; and {@link
 * dev.imagesmith.io.LimitedBody}, which reads an HTTP response body under {@link
 * dev.imagesmith.io.TransferLimits} (idle and total timeouts, maximum and announced size) and
 * throws a {@link dev.imagesmith.io.TransferException} that says which limit stopped it. Imports
 * nothing of ours but {@code error}, {@code event} (debug lines) and {@code net} (the proxies
 * {@code UrlReader} goes through).
 */
package dev.imagesmith.io;
