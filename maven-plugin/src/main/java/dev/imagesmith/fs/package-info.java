/**
 * The chroot-free filesystem sandbox: secure path resolution (securejoin), link-safe walks, the
 * metadata overlay (saved to disk for a sandbox kept between builds), symlinks whose host text the
 * host kernel, too, resolves inside the stage ({@code HostLinkText}, {@code HostLinks}; the target
 * as written stays in the overlay), hardlinks past the host's limit of links per inode ({@code
 * LinkSpreader}), and {@link dev.imagesmith.fs.MetadataSync}, which keeps the overlay true across a
 * command that runs inside the stage. Archive extraction lives in {@code fs.archive}. May import
 * {@code plan} and {@code error}.
 */
package dev.imagesmith.fs;
