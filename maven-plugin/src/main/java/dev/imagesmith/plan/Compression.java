package dev.imagesmith.plan;

/** How new layers are compressed. */
public enum Compression {
  GZIP,
  ZSTD,
  NONE
}
