/**
 * The chroot-free filesystem sandbox: secure path resolution (securejoin), link-safe walks, the
 * metadata overlay, and archive extraction. May import {@code plan} and {@code error}.
 */
package dev.imagesmith.fs;
