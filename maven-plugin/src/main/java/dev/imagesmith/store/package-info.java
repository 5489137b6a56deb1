/**
 * How the plugin keeps files: every file it puts in place and every cache it keeps.
 *
 * <ul>
 *   <li>{@link dev.imagesmith.store.AtomicFile} and {@link dev.imagesmith.store.AtomicDirectory}: a
 *       file or directory written under a temporary sibling ({@code .<name>.tmp-<time>-<random>},
 *       the one convention), given its mode, fsynced where it is published, and renamed into place,
 *       so nobody sees half of one; on failure the temporary goes and the target stays as it was.
 *   <li>{@link dev.imagesmith.store.ContentStore}: files named by the SHA-256 of their bytes,
 *       verified on the way in or on every way out, shared by builds running at once through the
 *       atomic rename alone; a killed build's temporaries are swept when stale. The download,
 *       Debian, registry blob and layer caches are each one such store.
 *   <li>{@link dev.imagesmith.store.KeyedFiles}: the small pointers and records a cache keeps by
 *       key (a layer key's record, a registry tag, a base image's index), written whole and read
 *       only as regular files under a size cap.
 *   <li>{@link dev.imagesmith.store.FileHashes}: the content hashes of host files with their memo,
 *       which spares re-reading a file whose inode facts did not move.
 *   <li>{@link dev.imagesmith.store.OutputReuse}: the outputs of the last build, set aside and
 *       moved back when what decides their bytes is unchanged.
 * </ul>
 *
 * <p>May import {@code io} and {@code error}; nothing else of ours, so that every package, {@code
 * image} included, can keep its files here.
 */
package dev.imagesmith.store;
