package dev.imagesmith.isolation;

import java.nio.file.Path;

/**
 * A host directory bound read-write into the stage for one step: a cache mount.
 *
 * @param source the host directory (the plugin's own, in the user's cache)
 * @param target where the command sees it: a clean absolute stage path, already resolved inside the
 *     stage (no component of it is a symlink), neither {@code /} nor at or below {@code /proc} or
 *     {@code /dev}; missing directories are made for the step and removed after it
 */
public record CacheBind(Path source, String target) {}
