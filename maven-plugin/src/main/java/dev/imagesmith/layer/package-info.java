/**
 * The layer writer: a selected tree of a sandbox becomes one sorted, reproducible tar layer (gzip,
 * zstd or plain) whose digest and diffID are computed while it is written, and the {@link
 * dev.imagesmith.layer.LowerIndex} of what the layers below hold, which decides the attributes of
 * the directories a layer writes. The index is the writer's view of the image's filesystem model
 * ({@code inspect}): what a layer writes is added there from the same entries the tar was written
 * from ({@link dev.imagesmith.fs.ArchiveItem}s with their host files).
 *
 * <p>Speed: gzip is deflated on every core in independent 128 KiB blocks (pigz style) and zstd on
 * zstd's own workers, both with bytes that do not depend on the thread count; the {@link
 * dev.imagesmith.layer.LayerCache} reuses a layer whose entries and file contents are unchanged,
 * and {@link dev.imagesmith.layer.WorkBlobs} keeps the build's blobs (links into that cache) from
 * one build to the next. Beyond this machine, the cache asks and tells {@link
 * dev.imagesmith.layer.SharedLayers} (the fleet's shared cache, implemented in {@code sharedcache},
 * which this package does not import).
 *
 * <p>May import {@code fs}, {@code inspect} (the image's filesystem model), {@code io}, {@code
 * image} (Digest, Descriptor, MediaTypes, DigestingOutputStream, Compression), {@code
 * plan.LayerOwner}, {@code store} (the caches' content store and keyed files, blobs put in place),
 * {@code error}, {@code event} (the cache's warnings) and Jackson (the cache's key files); never
 * Maven or Jib.
 */
package dev.imagesmith.layer;
