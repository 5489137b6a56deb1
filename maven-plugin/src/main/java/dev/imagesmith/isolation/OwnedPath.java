package dev.imagesmith.isolation;

/**
 * An object of the stage and the owner the image gives it.
 *
 * @param path a clean absolute path inside the stage
 * @param mode the 12 mode bits (setuid, setgid and sticky included)
 * @param symlink whether it is a symlink, whose mode means nothing
 */
public record OwnedPath(String path, long uid, long gid, int mode, boolean symlink) {}
