/**
 * The chroot-free filesystem sandbox: secure path resolution (securejoin), link-safe walks, the
 * metadata overlay (saved to disk for a sandbox kept between builds), hardlinks past the host's
 * limit of links per inode ({@code LinkSpreader}). Archive extraction lives in {@code fs.archive}.
 * May import {@code plan} and {@code error}.
 */
package dev.imagesmith.fs;
