/**
 * Reads a finished image's layers, in order, into the filesystem a container sees (whiteouts and
 * replacements applied): every path with its type, size, layer and symlink target, content hashes,
 * the ELF headers of its files, and what later layers hid (wasted bytes). Used by the library check
 * and the HTML report. May import {@code fs}, {@code elf}, {@code image} and {@code error}.
 */
package dev.imagesmith.inspect;
