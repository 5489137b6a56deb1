/**
 * Hardened extraction of untrusted archives into a {@link dev.imagesmith.fs.Sandbox}: image layers
 * (with OCI whiteouts) and user archives (tar in any common compression, zip, {@code .deb}).
 *
 * <p>Every entry is resolved with securejoin semantics (parent followed, last component not),
 * nothing is ever opened through an existing path (unlink, then create), metadata the host cannot
 * hold goes to the sandbox's overlay, and every size, count and header is bounded while reading.
 * The threat catalogue this defends against is {@code security-cases.md}, classes P, L and R.
 *
 * <p>May import {@code fs}, {@code error} and {@code event}; never Maven or Jib.
 */
package dev.imagesmith.fs.archive;
