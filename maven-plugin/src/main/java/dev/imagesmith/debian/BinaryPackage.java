package dev.imagesmith.debian;

import java.util.List;

/**
 * One stanza of a {@code Packages} index, reduced to what resolution and download need.
 *
 * @param filename the {@code .deb}'s path below the repository root ({@code pool/main/...})
 * @param sha256 lower-case hex SHA-256 of the {@code .deb}
 */
public record BinaryPackage(
    String name,
    String version,
    String architecture,
    boolean multiArchSame,
    boolean essential,
    List<List<Relation>> preDepends,
    List<List<Relation>> depends,
    List<Relation> provides,
    String filename,
    long size,
    String sha256) {
  public BinaryPackage {
    preDepends = List.copyOf(preDepends);
    depends = List.copyOf(depends);
    provides = List.copyOf(provides);
  }

  /** {@code name=version/arch}, the way messages and the lock name a package. */
  public String id() {
    return name + " " + version + " " + architecture;
  }
}
