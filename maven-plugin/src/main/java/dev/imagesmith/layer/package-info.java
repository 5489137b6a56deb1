/**
 * The layer writer: a selected tree of a sandbox becomes one sorted, reproducible tar layer (gzip,
 * zstd or plain) whose digest and diffID are computed while it is written, and the {@link
 * dev.imagesmith.layer.LowerIndex} of what the layers below hold, which decides the attributes of
 * the directories a layer writes.
 *
 * <p>May import {@code fs}, {@code image} (Digest, Descriptor, MediaTypes, DigestingOutputStream),
 * {@code plan.Compression} and {@code error}; never Maven or Jib.
 */
package dev.imagesmith.layer;
