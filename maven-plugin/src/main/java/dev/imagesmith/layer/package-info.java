/**
 * The layer writer: sandbox trees to sorted, reproducible tar layers with gzip/zstd, digest and
 * diffID computed while writing. May import {@code fs}, {@code image} model types and {@code
 * error}.
 */
package dev.imagesmith.layer;
