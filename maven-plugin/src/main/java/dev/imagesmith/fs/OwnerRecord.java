package dev.imagesmith.fs;

/**
 * An object of a sandbox owned by another user than root, as a command inside the stage sees or
 * left it.
 *
 * @param path a clean image path
 * @param mode the 12 mode bits (a {@code chown} clears setuid and setgid, so they travel along)
 * @param symlink whether the object is a symlink, whose mode means nothing
 */
public record OwnerRecord(String path, long uid, long gid, int mode, boolean symlink) {}
