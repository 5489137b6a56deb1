package dev.imagesmith.fs.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;

/**
 * Finds the {@code data.tar.*} member of a {@code .deb} ({@code ar} archive). Only that member
 * reaches the sandbox; {@code control.tar.*} (maintainer scripts) is skipped unread (P30).
 */
final class DebianPackage {
  private static final Set<String> DATA_MEMBERS =
      Set.of("data.tar", "data.tar.gz", "data.tar.xz", "data.tar.zst", "data.tar.bz2");

  private DebianPackage() {}

  /** Positions {@code ar} at the data member and returns it (still compressed). */
  static InputStream dataMember(ArArchiveInputStream ar) throws IOException {
    try {
      ArArchiveEntry first = ar.getNextEntry();
      if (first == null || !memberName(first).equals("debian-binary")) {
        throw new BadEntryException(
            "not a Debian package: an ar archive whose first member is not debian-binary");
      }
      for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
        String name = memberName(entry);
        if (name.startsWith("data.tar")) {
          if (!DATA_MEMBERS.contains(name)) {
            throw new BadEntryException(
                "unsupported Debian data member "
                    + name
                    + " (supported: data.tar, .gz, .xz, .zst, .bz2)");
          }
          return ar;
        }
      }
    } catch (BadEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt Debian package: " + e, e);
    }
    throw new BadEntryException("Debian package without a data.tar member");
  }

  private static String memberName(ArArchiveEntry entry) {
    String name = entry.getName();
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }
}
