package dev.imagesmith.fs;

/** What kind of filesystem object an image entry is. Sockets are never part of an image. */
public enum FileType {
  DIRECTORY,
  REGULAR,
  SYMLINK,
  CHAR_DEVICE,
  BLOCK_DEVICE,
  FIFO
}
