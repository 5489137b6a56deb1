package dev.imagesmith.project;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.fs.archive.ZipEntries;
import dev.imagesmith.io.LogText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * What a Spring Boot jar holds, read and checked before anything of it is written: its files (name
 * to size, in central directory order) and its manifest. Refused, each with one error naming the
 * jar and the entry: a name {@link JarNames} refuses, a symlink (a zip entry whose Unix mode in the
 * external attributes says link), a name listed twice (also as a file and a directory, or a file
 * used as a directory), more bytes in all than the limit (counted from the sizes the central
 * directory states, which {@link ZipEntries} then holds each entry's content to), and, through
 * {@link ZipEntries}, what any zip is refused for.
 */
final class BootJarListing {
  static final String MANIFEST = "META-INF/MANIFEST.MF";

  /** Most bytes of the manifest and of the layer index, read into memory. */
  static final int MAX_SMALL_ENTRY = 1 << 20;

  final Path jar;
  final Map<String, Long> files;
  final Attributes manifest;

  private BootJarListing(Path jar, Map<String, Long> files, Attributes manifest) {
    this.jar = jar;
    this.files = files;
    this.manifest = manifest;
  }

  /** How errors name the jar. */
  static String where(Path jar) {
    return "the Spring Boot jar " + jar;
  }

  /** One error about an entry of the jar (its name escaped, so that it prints on one line). */
  static UserInputException bad(Path jar, String entry, String reason) {
    return new UserInputException(
        LogText.escape(
            where(jar)
                + (entry == null ? "" : ", entry " + entry)
                + ": "
                + reason
                + ". Rebuild the jar with spring-boot-maven-plugin's repackage goal, or use a"
                + " trusted copy"));
  }

  static BootJarListing read(Path jar, ExtractLimits limits) throws IOException {
    Map<String, Long> files = new LinkedHashMap<>();
    Set<String> directories = new HashSet<>();
    byte[] manifest = null;
    long total = 0;
    try (ZipEntries zip = ZipEntries.open(jar, where(jar), limits)) {
      for (ArchiveItem item = zip.next(); item != null; item = zip.next()) {
        String name = item.name();
        if (item.type() == FileType.SYMLINK) {
          throw bad(jar, name, "it is a symbolic link, which a Spring Boot jar never holds");
        }
        boolean directory = item.isDirectory();
        String bare = directory && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String wrong = JarNames.problem(bare);
        if (wrong != null) {
          throw bad(jar, name, wrong);
        }
        if (files.containsKey(bare) || directories.contains(bare)) {
          throw bad(jar, name, "the name is listed twice");
        }
        if (directory) {
          directories.add(bare);
          continue;
        }
        total += item.size();
        if (total > limits.maxTotalBytes()) {
          throw bad(
              jar,
              name,
              "the entries hold more than "
                  + limits.maxTotalBytes()
                  + " bytes in all, the limit (a zip bomb, or not an application jar)");
        }
        files.put(bare, item.size());
        if (bare.equals(MANIFEST)) {
          manifest = zip.readSmall(MAX_SMALL_ENTRY);
        }
      }
    }
    checkParents(jar, files, directories);
    if (manifest == null) {
      throw bad(jar, null, "it has no " + MANIFEST);
    }
    Attributes attributes;
    try {
      attributes = new Manifest(new ByteArrayInputStream(manifest)).getMainAttributes();
    } catch (IOException | RuntimeException e) {
      throw bad(jar, MANIFEST, "the manifest cannot be read (" + e.getMessage() + ")");
    }
    return new BootJarListing(jar, files, attributes);
  }

  /** A file whose name is also the parent of another entry could not be written. */
  private static void checkParents(Path jar, Map<String, Long> files, Set<String> directories) {
    Set<String> all = new HashSet<>(files.keySet());
    all.addAll(directories);
    for (String name : all) {
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        if (files.containsKey(name.substring(0, slash))) {
          throw bad(
              jar, name, "its parent " + name.substring(0, slash) + " is a file of the jar too");
        }
      }
    }
  }

  /** A manifest attribute, trimmed; {@code null} when absent or blank. */
  String attribute(String name) {
    String value = manifest.getValue(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
