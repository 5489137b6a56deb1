/**
 * The chroot-free filesystem sandbox: secure path resolution (securejoin), link-safe walks, the
 * metadata overlay (saved to disk for a sandbox kept between builds), symlinks whose host text the
 * host kernel, too, resolves inside the stage ({@code HostLinkText}, {@code HostLinks}; the target
 * as written stays in the overlay), hardlinks past the host's limit of links per inode ({@code
 * LinkSpreader}), and {@link dev.imagesmith.fs.MetadataSync}, which keeps the overlay true across a
 * command that runs inside the stage. Archive extraction lives in {@code fs.archive}.
 *
 * <p>One resolution for every tree: {@code SecureJoin}'s loop, with its one limit of 255 links,
 * resolves names in a sandbox on disk and in an image's filesystem held in memory ({@link
 * dev.imagesmith.fs.PathTree}), so the two agree on where a name lands.
 *
 * <p>Two entry records, because they are two things: {@link dev.imagesmith.fs.SandboxEntry} is an
 * object on the host as the image sees it (host path, inode, link count, with the overlay's
 * metadata), {@link dev.imagesmith.fs.ArchiveItem} is one header of an archive or layer (read from
 * an archive, or planned for a layer with the host file its bytes come from).
 *
 * <p>May import {@code plan}, {@code io}, {@code store} (the overlay's file is written whole) and
 * {@code error}.
 */
package dev.imagesmith.fs;
