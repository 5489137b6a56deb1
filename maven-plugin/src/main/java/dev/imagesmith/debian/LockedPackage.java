package dev.imagesmith.debian;

/**
 * One line of {@code image-debian.lock}: a package pinned to the exact file that was resolved.
 *
 * @param filename the {@code .deb}'s path below the repository root
 */
public record LockedPackage(
    String name, String version, String architecture, String sha256, String filename) {

  static LockedPackage of(BinaryPackage pkg) {
    return new LockedPackage(
        pkg.name(), pkg.version(), pkg.architecture(), pkg.sha256(), pkg.filename());
  }

  String line() {
    return name + " " + version + " " + architecture + " " + sha256 + " " + filename;
  }
}
