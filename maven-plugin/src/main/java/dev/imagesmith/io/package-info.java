/**
 * Low-level host file helpers shared by every package (link-safe recursive delete, permission
 * bits), content hashes of host files with their memo ({@link dev.imagesmith.io.FileHashes}) and
 * the plugin version for cache keys, and {@link dev.imagesmith.io.UrlReader}, which opens the URLs
 * that steps fetch, and {@link dev.imagesmith.io.JsonTrees}, the JSON reader and writer every
 * package uses. Imports nothing of ours.
 */
package dev.imagesmith.io;
