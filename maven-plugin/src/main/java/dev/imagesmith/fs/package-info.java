/**
 * The chroot-free filesystem sandbox: secure path resolution (securejoin), link-safe walks, the
 * metadata overlay (saved to disk for a sandbox kept between builds), and {@link
 * dev.imagesmith.fs.MetadataSync}, which keeps that overlay true across a command that runs inside
 * the stage. Archive extraction lives in {@code fs.archive}. May import {@code plan} and {@code
 * error}.
 */
package dev.imagesmith.fs;
