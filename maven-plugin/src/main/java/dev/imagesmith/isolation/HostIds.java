package dev.imagesmith.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The uid and gid this JVM runs as: the owner of {@code /proc/self}. */
public final class HostIds {
  private HostIds() {}

  public static long uid() {
    return id("uid");
  }

  public static boolean isRoot() {
    return uid() == 0;
  }

  public static long gid() {
    return id("gid");
  }

  private static long id(String which) {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:" + which)).longValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self", e);
    }
  }
}
