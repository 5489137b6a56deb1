package dev.imagesmith.verify;

import dev.imagesmith.image.Digest;
import dev.imagesmith.image.SourceLayer;
import dev.imagesmith.image.VerifyingInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Two versions of one layer compared entry by entry: what each tar says of every path (type, link
 * target, size, content hash, mode, owner, time), and the first paths, in name order, where they
 * differ, each with every way it does.
 */
final class LayerEntries {
  /** What a tar entry says of its path. */
  private record Entry(
      String type, String link, long size, String sha256, int mode, String owner, long mtime) {}

  private LayerEntries() {}

  /** At most {@code max} lines such as {@code /install/bin/stamp: content differs}. */
  static List<String> differences(SourceLayer first, SourceLayer second, int max)
      throws IOException {
    Map<String, Entry> a = read(first);
    Map<String, Entry> b = read(second);
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    List<String> lines = new ArrayList<>();
    int more = 0;
    for (String name : names) {
      String how = how(a.get(name), b.get(name));
      if (how == null) {
        continue;
      }
      if (lines.size() < max) {
        lines.add(name + ": " + how);
      } else {
        more++;
      }
    }
    if (more > 0) {
      lines.add("and " + more + " more");
    }
    return lines;
  }

  private static String how(Entry a, Entry b) {
    if (a == null) {
      return "only in the rebuild";
    }
    if (b == null) {
      return "only in the first build";
    }
    if (!a.type().equals(b.type())) {
      return "type differs (" + a.type() + " vs " + b.type() + ")";
    }
    List<String> ways = new ArrayList<>();
    if (!a.link().equals(b.link())) {
      ways.add("link target differs (" + a.link() + " vs " + b.link() + ")");
    }
    if (a.size() != b.size()) {
      ways.add("size differs (" + a.size() + " vs " + b.size() + " bytes)");
    }
    if (!a.sha256().equals(b.sha256())) {
      ways.add("content differs");
    }
    if (a.mode() != b.mode()) {
      ways.add(String.format(Locale.ROOT, "mode differs (%04o vs %04o)", a.mode(), b.mode()));
    }
    if (!a.owner().equals(b.owner())) {
      ways.add("owner differs (" + a.owner() + " vs " + b.owner() + ")");
    }
    if (a.mtime() != b.mtime()) {
      ways.add(
          "time differs ("
              + Instant.ofEpochSecond(a.mtime())
              + " vs "
              + Instant.ofEpochSecond(b.mtime())
              + ")");
    }
    return ways.isEmpty() ? null : String.join(", ", ways);
  }

  private static Map<String, Entry> read(SourceLayer layer) throws IOException {
    Map<String, Entry> entries = new TreeMap<>();
    try (VerifyingInputStream raw = layer.openUncompressed();
        TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      TarArchiveEntry header;
      while ((header = tar.getNextEntry()) != null) {
        String sha256 = "";
        if (header.isFile()) {
          MessageDigest digest = Digest.newSha256();
          byte[] buffer = new byte[65536];
          int n;
          while ((n = tar.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
          }
          sha256 = HexFormat.of().formatHex(digest.digest());
        }
        entries.put(
            name(header.getName()),
            new Entry(
                type(header),
                header.isSymbolicLink() || header.isLink() ? header.getLinkName() : "",
                header.isFile() ? header.getSize() : 0,
                sha256,
                header.getMode() & 07777,
                header.getLongUserId() + ":" + header.getLongGroupId(),
                header.getModTime().toInstant().getEpochSecond()));
      }
    }
    return entries;
  }

  private static String type(TarArchiveEntry header) {
    if (header.isSymbolicLink()) {
      return "symlink";
    }
    if (header.isLink()) {
      return "hardlink";
    }
    if (header.isDirectory()) {
      return "directory";
    }
    return header.isFile() ? "file" : "special";
  }

  /** {@code ./install/bin/} and {@code install/bin} are {@code /install/bin}. */
  private static String name(String raw) {
    String name = raw.startsWith("./") ? raw.substring(1) : raw;
    if (!name.startsWith("/")) {
      name = "/" + name;
    }
    return name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }
}
