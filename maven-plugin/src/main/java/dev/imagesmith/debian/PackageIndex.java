package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The packages of one repository for one architecture (plus {@code Architecture: all}), by name and
 * by what they provide. Built from {@code Packages} indexes read as a stream; only the fields
 * resolution and download need are kept (bookworm main amd64 is about 64 000 stanzas).
 */
public final class PackageIndex {
  private static final Set<String> FIELDS =
      Set.of(
          "Package",
          "Version",
          "Architecture",
          "Multi-Arch",
          "Essential",
          "Pre-Depends",
          "Depends",
          "Conflicts",
          "Breaks",
          "Provides",
          "Filename",
          "Size",
          "SHA256");

  private final String architecture;
  private final Map<String, List<BinaryPackage>> byName = new HashMap<>();
  private final Map<String, List<Provider>> providers = new HashMap<>();

  /** A package providing a virtual name, with the version it provides ({@code null}: none). */
  public record Provider(BinaryPackage pkg, String version) {}

  public PackageIndex(String architecture) {
    this.architecture = architecture;
  }

  public String architecture() {
    return architecture;
  }

  /**
   * Adds the stanzas of one {@code Packages} file. Stanzas of other architectures are skipped.
   *
   * @param source names the index in errors (its URL)
   * @throws IllegalArgumentException naming the stanza of a malformed entry
   */
  public void add(BufferedReader packages, String source) throws IOException {
    List<RuntimeException> failure = new ArrayList<>(1);
    ControlParagraphs.read(
        packages,
        FIELDS,
        fields -> {
          if (!failure.isEmpty()) {
            return;
          }
          try {
            BinaryPackage pkg = parse(fields, source);
            if (pkg != null) {
              put(pkg);
            }
          } catch (RuntimeException e) {
            failure.add(e);
          }
        });
    if (!failure.isEmpty()) {
      throw failure.get(0);
    }
  }

  /** Adds one package (tests build indexes this way too). */
  public void put(BinaryPackage pkg) {
    byName.computeIfAbsent(pkg.name(), n -> new ArrayList<>()).add(pkg);
    for (Relation provided : pkg.provides()) {
      providers
          .computeIfAbsent(provided.name(), n -> new ArrayList<>())
          .add(new Provider(pkg, "=".equals(provided.op()) ? provided.version() : null));
    }
  }

  /** Every version of the real package {@code name}, newest first. */
  public List<BinaryPackage> versions(String name) {
    List<BinaryPackage> all = new ArrayList<>(byName.getOrDefault(name, List.of()));
    all.sort(Comparator.comparing(BinaryPackage::version, DebianVersion.ORDER).reversed());
    return all;
  }

  /** The packages that provide {@code name}, in index order. */
  public List<Provider> providers(String name) {
    return List.copyOf(providers.getOrDefault(name, List.of()));
  }

  /** The newest version of the real package {@code name}. */
  public Optional<BinaryPackage> newest(String name) {
    return versions(name).stream().findFirst();
  }

  /** Whether any package of this name exists or provides it. */
  public boolean knows(String name) {
    return byName.containsKey(name) || providers.containsKey(name);
  }

  /** The names of every package marked {@code Essential: yes}, sorted. */
  public List<String> essentialNames() {
    return byName.values().stream()
        .flatMap(List::stream)
        .filter(BinaryPackage::essential)
        .map(BinaryPackage::name)
        .distinct()
        .sorted()
        .toList();
  }

  public int size() {
    return byName.values().stream().mapToInt(List::size).sum();
  }

  private BinaryPackage parse(Map<String, String> f, String source) {
    String name = f.get("Package");
    String arch = f.get("Architecture");
    if (arch != null && !arch.equals(architecture) && !arch.equals("all")) {
      return null;
    }
    String where = source + ", package " + name;
    if (!DebianNames.isPackage(name)) {
      throw new IllegalArgumentException(source + " has a stanza with package name '" + name + "'");
    }
    String version = f.get("Version");
    if (!DebianNames.isVersion(version)) {
      throw new IllegalArgumentException(where + " has version '" + version + "'");
    }
    if (!DebianNames.isArchitecture(arch)) {
      throw new IllegalArgumentException(where + " has architecture '" + arch + "'");
    }
    String filename = f.get("Filename");
    if (!DebianNames.isRepositoryPath(filename)) {
      throw new IllegalArgumentException(
          where + " has Filename '" + filename + "', which is not a path below the repository");
    }
    String sha256 = f.get("SHA256");
    if (!DebianNames.isSha256(sha256)) {
      throw new IllegalArgumentException(where + " has no SHA256 of 64 hex digits");
    }
    long size;
    try {
      size = Long.parseLong(f.getOrDefault("Size", "-1"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " has Size '" + f.get("Size") + "'");
    }
    try {
      return new BinaryPackage(
          name,
          version,
          arch,
          "same".equals(f.get("Multi-Arch")),
          "yes".equals(f.get("Essential")),
          f.get("Pre-Depends"),
          f.get("Depends"),
          f.get("Conflicts"),
          f.get("Breaks"),
          f.containsKey("Provides") ? Relation.parseList(f.get("Provides")) : List.of(),
          filename,
          size,
          sha256);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
