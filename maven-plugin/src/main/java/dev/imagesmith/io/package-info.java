/**
 * Low-level host file helpers shared by every package (link-safe recursive delete, lock files
 * opened without following links, permission bits), {@link dev.imagesmith.io.OwnDirectories} (the
 * one rule for the plugin's own directories: real directories below a trusted root, never links),
 * content hashes of host files with their memo ({@link dev.imagesmith.io.FileHashes}) and the
 * plugin version for cache keys, and {@link dev.imagesmith.io.UrlReader}, which opens the URLs that
 * steps fetch, and {@link dev.imagesmith.io.JsonTrees}, the JSON reader and writer every package
 * uses. Untrusted input goes through {@link dev.imagesmith.io.UntrustedFiles} (regular files only,
 * never through a link inside an input) and is quoted in messages only through {@link
 * dev.imagesmith.io.Excerpt}. Imports nothing of ours but {@code error}.
 */
package dev.imagesmith.io;
