package dev.imagesmith.inspect;

/**
 * A regular file that a layer stores but a later layer hid: its bytes are shipped and never seen.
 *
 * @param file the hidden file (its layer and size)
 * @param hiddenBy the index of the layer that hid it
 * @param how {@code "overwritten"} (the same path written again), {@code "deleted"} (a whiteout) or
 *     {@code "parent replaced"} (a directory above it was replaced or made opaque)
 */
public record HiddenFile(ImageFile file, int hiddenBy, String how) {}
