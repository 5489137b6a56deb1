package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The members of an uncompressed tar file, indexed by cleaned name in one pass over the headers,
 * read in place without extracting anything to disk (security-cases.md O14). A member that is a
 * link is followed once, never twice, and never out of the archive.
 */
final class TarMembers {
  /** Where a regular member's bytes are in the tar file. */
  record Member(String name, long offset, long size) {}

  private final Path tarFile;
  private final String archiveName;
  private final Map<String, TarArchiveEntry> entries;

  private TarMembers(Path tarFile, String archiveName, Map<String, TarArchiveEntry> entries) {
    this.tarFile = tarFile;
    this.archiveName = archiveName;
    this.entries = entries;
  }

  static TarMembers index(Path tarFile, String archiveName) throws IOException {
    // The archive is a path the user named: a link to it is the user's choice, but a pipe or a
    // device would block or never end.
    UntrustedFiles archive =
        UntrustedFiles.named(
            archiveName, "point docker-archive: at a tarball made by docker save or skopeo copy");
    try (InputStream in = archive.open(tarFile)) {
      if (!Compression.of(in.readNBytes(6)).equals(Optional.of(Compression.NONE))) {
        throw new UserInputException(
            archiveName
                + ": the archive is compressed; decompress it first (e.g. gunzip or zstd -d) and"
                + " point to the plain .tar");
      }
    }
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    try (TarFile tar = new TarFile(tarFile)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = clean(entry.getName());
        if (name == null) {
          continue; // an absolute or escaping name can never be looked up
        }
        if (entries.putIfAbsent(name, entry) != null) {
          throw new UserInputException(
              archiveName
                  + ": member "
                  + Excerpt.name(name)
                  + " appears more than once; the archive is ambiguous, refusing it");
        }
      }
    } catch (UserInputException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException(
          archiveName
              + ": not a valid tar archive ("
              + Excerpt.quote(String.valueOf(e.getMessage()), Excerpt.NAME)
              + ")",
          e);
    }
    return new TarMembers(tarFile, archiveName, entries);
  }

  /**
   * The regular member {@code name} refers to, following at most one link.
   *
   * @param reference names the reference in errors, e.g. {@code "manifest.json Layers[2]"}
   */
  Member find(String name, String reference) {
    String cleaned = clean(name);
    TarArchiveEntry entry = cleaned == null ? null : entries.get(cleaned);
    if (entry == null) {
      throw new UserInputException(
          archiveName
              + ": "
              + reference
              + " names "
              + Excerpt.name(name)
              + ", which is not a member of the archive"
              + (cleaned == null ? " (it points outside the archive)" : "")
              + "; the archive is broken or hostile");
    }
    if (entry.isSymbolicLink() || entry.isLink()) {
      String target = linkTarget(cleaned, entry);
      TarArchiveEntry linked = target == null ? null : entries.get(target);
      if (linked == null || linked.isSymbolicLink() || linked.isLink()) {
        throw new UserInputException(
            archiveName
                + ": "
                + reference
                + " "
                + Excerpt.name(name)
                + " is a link to "
                + Excerpt.name(entry.getLinkName())
                + ", which is not a regular member (links are followed once, within the"
                + " archive)");
      }
      entry = linked;
      cleaned = target;
    }
    if (!entry.isFile() || entry.isSparse()) {
      throw new UserInputException(
          archiveName
              + ": "
              + reference
              + " "
              + Excerpt.name(name)
              + " is not a regular file member");
    }
    return new Member(cleaned, entry.getDataOffset(), entry.getSize());
  }

  InputStream open(Member member) throws IOException {
    return new FileRangeInputStream(tarFile, member.offset(), member.size());
  }

  byte[] readAll(Member member, int cap, String reference) throws IOException {
    if (member.size() > cap) {
      throw new UserInputException(
          archiveName
              + ": "
              + reference
              + " is "
              + member.size()
              + " bytes, more than the limit of "
              + cap
              + " bytes");
    }
    try (InputStream in = open(member)) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != member.size()) {
        throw new UserInputException(archiveName + ": " + reference + " is truncated");
      }
      return bytes;
    }
  }

  private static String linkTarget(String memberName, TarArchiveEntry entry) {
    if (entry.isLink()) {
      return clean(entry.getLinkName()); // hard link: a name within the archive
    }
    int slash = memberName.lastIndexOf('/');
    String dir = slash < 0 ? "" : memberName.substring(0, slash + 1);
    String link = entry.getLinkName();
    while (link.startsWith("/")) {
      link = link.substring(1);
    }
    return clean(dir + link);
  }

  /**
   * Cleans a member name the way {@code path.Clean} does ({@code ./a//b/../c} is {@code a/c});
   * {@code null} when the name is absolute or climbs out of the archive.
   */
  static String clean(String name) {
    if (name == null || name.startsWith("/")) {
      return null;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? null : String.join("/", parts);
  }
}
