package dev.imagesmith.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tests' one tar builder: user archives, image layers (whiteouts are just names) and hostile
 * archives alike, entry by entry.
 *
 * <p>Names are kept verbatim, absolute and {@code ..} ones too. Every header is fixed, so the same
 * calls give the same bytes: mode 0644 for files and hard links, 0755 for directories, 0777 for
 * symlinks unless given (the mode field as given: pass {@code 0100644} to write the type bits too),
 * owner 0:0 with empty names, mtime {@link #MTIME} unless {@link #mtime} says otherwise. Long and
 * non-ASCII names and big numbers are written as PAX headers.
 */
public final class TestTar {
  /** The default mtime, seconds since the epoch. */
  public static final long MTIME = 1_600_000_000L;

  private record Member(TarArchiveEntry entry, byte[] content) {}

  private final List<Member> members = new ArrayList<>();
  private Instant mtime = Instant.ofEpochSecond(MTIME);

  public static TestTar tar() {
    return new TestTar();
  }

  /** The mtime of the entries added after this call. */
  public TestTar mtime(Instant time) {
    this.mtime = time;
    return this;
  }

  public TestTar file(String name, String content) {
    return file(name, content, 0644);
  }

  public TestTar file(String name, String content, int mode) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  public TestTar file(String name, byte[] content) {
    return file(name, content, 0644);
  }

  public TestTar file(String name, byte[] content, int mode) {
    return add(entry(name, TarConstants.LF_NORMAL, mode), content);
  }

  /** An executable (mode 0755) holding a copy of the host program {@code source}. */
  public TestTar program(String name, Path source) {
    try {
      return file(name, Files.readAllBytes(source), 0755);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A regular file holding a copy of the host file {@code source}. */
  public TestTar copy(String name, Path source) {
    try {
      return file(name, Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestTar dir(String name) {
    return dir(name, 0755);
  }

  public TestTar dir(String name, int mode) {
    return add(entry(name, TarConstants.LF_DIR, mode), new byte[0]);
  }

  public TestTar symlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
    e.setLinkName(target);
    return add(e, new byte[0]);
  }

  public TestTar hardlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
    e.setLinkName(target);
    return add(e, new byte[0]);
  }

  /** An OCI whiteout: the empty file {@code .wh.<name>} beside what it hides. */
  public TestTar whiteout(String path) {
    int slash = path.lastIndexOf('/');
    return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0]);
  }

  /** A fully custom entry; {@code customize} may set mode, ids, times, devices, PAX headers. */
  public TestTar entry(
      String name, byte type, byte[] content, Consumer<TarArchiveEntry> customize) {
    TarArchiveEntry e = entry(name, type, 0644);
    customize.accept(e);
    return add(e, content);
  }

  public TestTar xattrFile(String name, Map<String, String> paxHeaders) {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
    paxHeaders.forEach(e::addPaxHeader);
    return add(e, new byte[0]);
  }

  private TarArchiveEntry entry(String name, byte type, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(mode);
    e.setModTime(mtime.toEpochMilli());
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  private TestTar add(TarArchiveEntry e, byte[] content) {
    e.setSize(content.length);
    members.add(new Member(e, content));
    return this;
  }

  /** The archive, uncompressed; may be called again after more entries. */
  public byte[] bytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      for (Member member : members) {
        tar.putArchiveEntry(member.entry());
        tar.write(member.content());
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

  /** The archive gzipped, with a fixed OS byte (the JDK's changed in JDK 16). */
  public byte[] gzip() {
    return gzip(bytes());
  }

  /** {@code data} gzipped with the JDK's deflater and a fixed OS byte. */
  public static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      byte[] bytes = out.toByteArray();
      bytes[9] = 0;
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the archive to {@code file}; returns {@code file}. */
  public Path writeTo(Path file) throws IOException {
    Files.write(file, bytes());
    return file;
  }
}
