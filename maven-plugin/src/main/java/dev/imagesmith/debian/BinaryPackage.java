package dev.imagesmith.debian;

import java.util.List;

/**
 * One stanza of a {@code Packages} index, reduced to what resolution and download need.
 *
 * @param preDependsField the raw {@code Pre-Depends} field, {@code null} if absent
 * @param dependsField the raw {@code Depends} field, {@code null} if absent
 * @param conflictsField the raw {@code Conflicts} field, {@code null} if absent
 * @param breaksField the raw {@code Breaks} field, {@code null} if absent
 * @param filename the {@code .deb}'s path below the repository root ({@code pool/main/...})
 * @param sha256 lower-case hex SHA-256 of the {@code .deb}
 */
public record BinaryPackage(
    String name,
    String version,
    String architecture,
    boolean multiArchSame,
    boolean essential,
    String preDependsField,
    String dependsField,
    String conflictsField,
    String breaksField,
    List<Relation> provides,
    String filename,
    long size,
    String sha256) {
  public BinaryPackage {
    provides = List.copyOf(provides);
  }

  /**
   * The {@code Pre-Depends} groups. Relations are parsed when resolution reaches the package, not
   * for each of the index's 60 000 stanzas.
   *
   * @throws IllegalArgumentException if the field is not a relation list
   */
  public List<List<Relation>> preDepends() {
    return Relation.parseField(preDependsField);
  }

  /** The {@code Depends} groups; see {@link #preDepends()}. */
  public List<List<Relation>> depends() {
    return Relation.parseField(dependsField);
  }

  /** {@code name=version/arch}, the way messages and the lock name a package. */
  public String id() {
    return name + " " + version + " " + architecture;
  }
}
