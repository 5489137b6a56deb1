package dev.imagesmith.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** An uncompressed layer tar built entry by entry (whiteouts are just names). */
public final class LayerTar {
  /** A member; {@code mode} -1 for the default (0755 for a directory or a file). */
  private record Member(String name, byte type, byte[] content, String link, int mode) {
    Member(String name, byte type, byte[] content, String link) {
      this(name, type, content, link, -1);
    }
  }

  private final List<Member> members = new ArrayList<>();

  public LayerTar dir(String name) {
    members.add(new Member(name, TarConstants.LF_DIR, new byte[0], null));
    return this;
  }

  /** A directory with permission bits {@code mode}. */
  public LayerTar dir(String name, int mode) {
    members.add(new Member(name, TarConstants.LF_DIR, new byte[0], null, mode));
    return this;
  }

  /** A regular file with permission bits {@code mode}. */
  public LayerTar file(String name, String content, int mode) {
    members.add(
        new Member(
            name, TarConstants.LF_NORMAL, content.getBytes(StandardCharsets.UTF_8), null, mode));
    return this;
  }

  public LayerTar file(String name, byte[] content) {
    members.add(new Member(name, TarConstants.LF_NORMAL, content, null));
    return this;
  }

  public LayerTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A regular file holding a copy of the host file {@code source}. */
  public LayerTar copy(String name, Path source) {
    try {
      return file(name, Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LayerTar symlink(String name, String target) {
    members.add(new Member(name, TarConstants.LF_SYMLINK, new byte[0], target));
    return this;
  }

  public LayerTar hardlink(String name, String target) {
    members.add(new Member(name, TarConstants.LF_LINK, new byte[0], target));
    return this;
  }

  public LayerTar whiteout(String path) {
    int slash = path.lastIndexOf('/');
    return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0]);
  }

  public byte[] bytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Member member : members) {
        TarArchiveEntry entry = new TarArchiveEntry(member.name(), member.type());
        if (member.link() != null) {
          entry.setLinkName(member.link());
        }
        entry.setSize(member.type() == TarConstants.LF_NORMAL ? member.content().length : 0);
        entry.setMode(
            member.mode() >= 0
                ? member.mode()
                : member.type() == TarConstants.LF_DIR ? 040755 : 0100755);
        tar.putArchiveEntry(entry);
        if (member.type() == TarConstants.LF_NORMAL) {
          tar.write(member.content());
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public InputStream open() {
    return new ByteArrayInputStream(bytes());
  }
}
