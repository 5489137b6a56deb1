/**
 * Hardened reading of untrusted archives, and their extraction into a {@link
 * dev.imagesmith.fs.Sandbox}: image layers (with OCI whiteouts) and user archives (tar in any
 * common compression, zip, {@code .deb}).
 *
 * <p>Every entry is resolved with securejoin semantics (parent followed, last component not),
 * nothing is ever opened through an existing path (unlink, then create), metadata the host cannot
 * hold goes to the sandbox's overlay, and every size, count and header is bounded while reading.
 * The threat catalogue this defends against is {@code security-cases.md}, classes P, L and R.
 *
 * <p>Layer tars have one reader, {@link dev.imagesmith.fs.archive.LayerTarReader}: it alone knows
 * the whiteout names, and turns a layer into entry, whiteout and opaque-whiteout events; {@link
 * dev.imagesmith.fs.archive.LayerWhiteouts} is the one rule that whiteouts hide only what the
 * layers below hold. The sandbox writer consumes those events, and so does the image's filesystem
 * model in {@code inspect}, which the layer writer and the checks read.
 *
 * <p>May import {@code fs}, {@code io}, {@code error} and {@code event}; never Maven or Jib.
 */
package dev.imagesmith.fs.archive;
