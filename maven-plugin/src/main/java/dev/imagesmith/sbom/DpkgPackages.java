package dev.imagesmith.sbom;

import dev.imagesmith.debian.DpkgDatabase;
import dev.imagesmith.fs.ResolveMemo;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Debian packages a stage holds, as its dpkg database says ({@code /var/lib/dpkg/status}, what
 * scanners read in the image too) and its {@code debian} steps recorded (the SHA-256 of each
 * verified {@code .deb}), with the files each package's {@code info/NAME.list} names, resolved in
 * the stage as the layer writer saw them (a {@code /lib} that is a link to {@code usr/lib}
 * included).
 *
 * <p>The database is the stage's own file: a run step may have written anything there. It is read
 * with a size cap, never through a link, and parsed by the {@code debian} step's own reader ({@link
 * DpkgDatabase}); only names, versions and paths are taken from it.
 */
final class DpkgPackages {
  static final String DATABASE = "/var/lib/dpkg";
  private static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
  private static final UntrustedFiles STAGE_FILES =
      UntrustedFiles.inside(
          "the stage's dpkg database " + DATABASE,
          "leave the dpkg database to dpkg and the debian steps while the build runs");

  /**
   * One installed package.
   *
   * @param sha256 the {@code .deb}'s SHA-256 when a {@code debian} step of this build installed it,
   *     else {@code null} (it came with the stage's base image, or a run step installed it)
   * @param files the paths its list names, resolved in-root (its directories too); {@code null}
   *     when the stage has no list for it (pruned)
   * @param inStatus whether the stage's dpkg status lists it as installed
   */
  record Package(
      String name,
      String version,
      String architecture,
      String sha256,
      Set<String> files,
      boolean inStatus) {}

  private DpkgPackages() {}

  /** Every package of the stage: its dpkg status joined with what its debian steps recorded. */
  static List<Package> of(Sandbox sandbox, List<String> recorded) throws IOException {
    Map<String, String[]> packages = new TreeMap<>(); // name:arch -> name, version, arch, sha256
    String status = read(sandbox, DATABASE + "/status");
    if (status != null) {
      for (DpkgDatabase.Installed p : DpkgDatabase.ofStatus(status).installedPackages()) {
        packages.put(
            p.name() + ":" + p.architecture(),
            new String[] {p.name(), p.version(), p.architecture(), null, "status"});
      }
    }
    for (String line : recorded) {
      String[] words = line.split(" ");
      if (words.length != 4) {
        continue;
      }
      String[] known = packages.get(words[0] + ":" + words[2]);
      if (known == null || known[1].equals(words[1])) {
        // The step's record is what was verified; a status that lost the package (pruned) or
        // agrees with it takes its SHA-256. A different version is another package: a later step
        // replaced it, and the status tells which one the stage holds.
        packages.put(
            words[0] + ":" + words[2],
            new String[] {words[0], words[1], words[2], words[3], known == null ? null : "status"});
      }
    }
    ResolveMemo memo = new ResolveMemo();
    List<Package> result = new ArrayList<>();
    for (String[] p : packages.values()) {
      result.add(
          new Package(p[0], p[1], p[2], p[3], files(sandbox, p[0], p[2], memo), p[4] != null));
    }
    return result;
  }

  /** The paths the package's list names, resolved in-root, or {@code null} without a list. */
  private static Set<String> files(Sandbox sandbox, String name, String arch, ResolveMemo memo)
      throws IOException {
    String text = read(sandbox, DATABASE + "/info/" + name + ":" + arch + ".list");
    if (text == null) {
      text = read(sandbox, DATABASE + "/info/" + name + ".list");
    }
    if (text == null) {
      return null;
    }
    Set<String> files = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      String path = line.strip();
      if (!path.startsWith("/") || path.equals("/.")) {
        continue;
      }
      // Directories stay in: the layer's file entries decide what matches, no lstat needed here.
      files.add(sandbox.resolveEntry(path, memo).imagePath());
    }
    return files;
  }

  /** A regular file of the stage as text, or {@code null} when there is none (or a huge one). */
  private static String read(Sandbox sandbox, String imagePath) throws IOException {
    Path host = sandbox.resolveEntry(imagePath).hostPath();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!attributes.isRegularFile() || attributes.size() > MAX_FILE_BYTES) {
      return null;
    }
    // Opened without following a link, and only the file that was checked.
    byte[] bytes = STAGE_FILES.read(host, MAX_FILE_BYTES);
    // Lenient: a byte that is no UTF-8 becomes U+FFFD instead of failing the build.
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
