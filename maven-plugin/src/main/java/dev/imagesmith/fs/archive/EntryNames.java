package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and splits raw entry names. Nothing here cleans {@code ..} away: that happens during
 * securejoin resolution, after the components before it were symlink-expanded (P21).
 */
final class EntryNames {
  /** NAME_MAX on Linux; longer components would fail later with a less useful message. */
  static final int MAX_COMPONENT_BYTES = 255;

  private EntryNames() {}

  /**
   * The non-empty components of {@code name} ({@code .} and {@code ..} kept). Leading slashes are
   * dropped: absolute names are common in real layers and mean the same as relative ones (P3).
   */
  static List<String> split(String name, ExtractLimits limits) throws BadEntryException {
    if (name == null || name.isEmpty()) {
      throw new BadEntryException("empty entry name");
    }
    if (name.indexOf('\0') >= 0) {
      throw new BadEntryException("name contains a NUL byte");
    }
    if (name.indexOf('\uFFFD') >= 0) {
      // Undecodable bytes all become U+FFFD: two distinct names would silently merge (L22).
      throw new BadEntryException("name is not valid UTF-8");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxNameBytes()) {
      throw new BadEntryException(
          "name is " + bytes + " bytes long, more than the limit of " + limits.maxNameBytes());
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/", -1)) {
      if (!part.isEmpty()) {
        if (part.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
          throw new BadEntryException(
              "a name component is longer than " + MAX_COMPONENT_BYTES + " bytes");
        }
        parts.add(part);
      }
    }
    if (parts.size() > limits.maxPathDepth()) {
      throw new BadEntryException(
          "name has "
              + parts.size()
              + " components, more than the depth limit of "
              + limits.maxPathDepth());
    }
    return parts;
  }

  /**
   * The components of {@code item}'s name ({@link #split}), after the checks every entry gets,
   * whatever reads it: a name with a trailing slash is a directory's, a directory has no body
   * (parsers disagree on whether such a body is skipped: a way to smuggle entries, L20), and a
   * link's target is a name a file system can hold.
   */
  static List<String> parts(ArchiveItem item, ExtractLimits limits) throws BadEntryException {
    List<String> parts = split(item.name(), limits);
    if (item.name().endsWith("/") && !item.isDirectory()) {
      throw new BadEntryException(
          "name ends with '/' but the entry is a " + item.describe() + ", not a directory");
    }
    if (item.isDirectory() && item.size() > 0) {
      throw new BadEntryException("directory entry with " + item.size() + " bytes of content");
    }
    if (item.type() == FileType.SYMLINK && !item.isHardlink()) {
      checkSymlinkTarget(item.symlinkTarget(), limits);
    }
    if (item.isHardlink()) {
      if (item.hardlinkTarget().isEmpty()) {
        throw new BadEntryException("hardlink with an empty target");
      }
      split(item.hardlinkTarget(), limits);
    }
    return parts;
  }

  private static void checkSymlinkTarget(String target, ExtractLimits limits)
      throws BadEntryException {
    if (target == null || target.isEmpty()) {
      throw new BadEntryException("symlink with an empty target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new BadEntryException("symlink target contains a NUL byte");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > limits.maxNameBytes()) {
      throw new BadEntryException("symlink target longer than " + limits.maxNameBytes() + " bytes");
    }
  }

  /**
   * Drops {@code count} leading components like GNU tar {@code --strip-components} (where {@code
   * ./} counts); {@code null} if nothing is left, meaning the entry is skipped.
   */
  static List<String> strip(List<String> parts, int count) {
    if (count == 0) {
      return parts;
    }
    return parts.size() <= count ? null : parts.subList(count, parts.size());
  }

  /**
   * Rejects a name whose {@code ..} components climb above the directory it is extracted into
   * (classic zip slip). Symlinks are not consulted here; resolution keeps those inside the sandbox.
   */
  static void requireContained(List<String> parts) throws BadEntryException {
    int depth = 0;
    for (String part : parts) {
      if (part.equals("..")) {
        if (--depth < 0) {
          throw new BadEntryException(
              "name climbs out of the extraction directory with '..'; repack the archive with"
                  + " relative names below its top directory");
        }
      } else if (!part.equals(".")) {
        depth++;
      }
    }
  }

  /** True if the last component names a directory by itself ({@code ""}, {@code .}, {@code ..}). */
  static boolean namesDirectoryItself(List<String> parts) {
    if (parts.isEmpty()) {
      return true;
    }
    String last = parts.get(parts.size() - 1);
    return last.equals(".") || last.equals("..");
  }

  static String join(String base, List<String> parts) {
    String relative = String.join("/", parts);
    if (relative.isEmpty()) {
      return base;
    }
    return base.equals("/") ? "/" + relative : base + "/" + relative;
  }
}
