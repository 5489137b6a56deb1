package dev.imagesmith.fs.archive;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.Sandbox;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts untrusted archives into a {@link Sandbox}: image layers ({@link #applyLayer}) and user
 * archives ({@link #extractFile}).
 *
 * <p>Layer names are interpreted from {@code /} with chroot semantics: absolute names lose their
 * leading slash, {@code ..} stops at the root, symlinks resolve inside the sandbox (P1-P3, P7, P8,
 * P11: a relative escape before an absolute symlink lands at {@code R/target}). User archives
 * extract below a target directory and, like GNU tar, refuse names whose {@code ..} climbs out of
 * it; a symlink entry may still point elsewhere in the sandbox, never outside it.
 *
 * <p>On failure the sandbox may hold part of the archive; the caller discards the stage. A bad or
 * hostile archive fails with a {@link UserInputException} naming the archive, the entry and the
 * reason; an I/O failure of the host is an {@link IOException}.
 */
public final class ArchiveExtractor {
  private static final int TAR_BLOCK = 512;

  /**
   * Extracts a user archive into {@code targetDir} (an image path, resolved in the sandbox and
   * created if missing). The format comes from the content: tar (plain, gzip, xz, zstd, bzip2),
   * zip, or a Debian package (only its {@code data.tar.*} member).
   */
  public ExtractReport extractFile(
      Path archive, Sandbox sandbox, String targetDir, ExtractOptions options) throws IOException {
    String where = "archive " + archive;
    ExtractLimits limits = options.limits();
    byte[] head;
    try (InputStream in = Files.newInputStream(archive)) {
      head = in.readNBytes(8);
    }
    ItemSource source;
    try {
      source = openUserArchive(archive, head, limits);
    } catch (BadEntryException e) {
      throw ItemLoop.failure(where, null, false, e);
    }
    SandboxWriter writer;
    try {
      writer = SandboxWriter.forUserArchive(sandbox, targetDir, options);
    } catch (IOException e) {
      source.close();
      throw e;
    }
    ItemLoop.run(where, source, writer, limits);
    return writer.report();
  }

  /** Applies an image layer (any supported compression) with default limits. */
  public ExtractReport applyLayer(InputStream layer, Sandbox sandbox, String description)
      throws IOException {
    return applyLayer(layer, sandbox, description, ExtractLimits.DEFAULTS);
  }

  /**
   * Applies an image layer over what the sandbox holds: OCI whiteouts and opaque whiteouts, and the
   * layer.md replacement rules. {@code description} names the layer in error messages (for example
   * {@code "layer sha256:ab12… of eclipse-temurin:21"}). The stream is read to its end.
   */
  public ExtractReport applyLayer(
      InputStream layer, Sandbox sandbox, String description, ExtractLimits limits)
      throws IOException {
    ItemSource source;
    try {
      source = tarSource(Decompression.open(new UnclosedStream(layer)), limits);
    } catch (BadEntryException e) {
      throw ItemLoop.failure(description, null, false, e);
    } catch (IOException e) {
      throw ItemLoop.failure(
          description, null, false, new BadEntryException("corrupt layer: " + e, e));
    }
    SandboxWriter writer = SandboxWriter.forLayer(sandbox, limits);
    LayerTarReader.read(source, description, limits, writer);
    layer.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the compressed data
    return writer.report();
  }

  private static ItemSource openUserArchive(Path archive, byte[] head, ExtractLimits limits)
      throws IOException {
    if (startsWith(head, "PK\003\004") || startsWith(head, "PK\005\006")) {
      return ZipItemSource.open(archive, limits);
    }
    if (startsWith(head, "!<arch>\n")) {
      ArArchiveInputStream ar =
          new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)));
      try {
        InputStream data = DebianPackage.dataMember(ar);
        return tarSource(Decompression.open(new UnclosedStream(data)), limits, ar);
      } catch (IOException | RuntimeException e) {
        ar.close();
        throw e instanceof BadEntryException bad
            ? bad
            : new BadEntryException("corrupt Debian package: " + e, e);
      }
    }
    InputStream in = Files.newInputStream(archive);
    try {
      return tarSource(Decompression.open(in), limits);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e instanceof BadEntryException bad
          ? bad
          : new BadEntryException("corrupt compressed data: " + e, e);
    }
  }

  static ItemSource tarSource(InputStream uncompressed, ExtractLimits limits) throws IOException {
    return tarSource(uncompressed, limits, null);
  }

  /** Checks that a tar header (or an empty archive) follows, then parses it. */
  private static ItemSource tarSource(
      InputStream uncompressed, ExtractLimits limits, AutoCloseable alsoClose) throws IOException {
    BufferedInputStream in = new BufferedInputStream(uncompressed, 64 * 1024);
    in.mark(TAR_BLOCK);
    byte[] head;
    try {
      head = in.readNBytes(TAR_BLOCK);
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt compressed data: " + e, e);
    }
    in.reset();
    boolean emptyArchive = head.length == TAR_BLOCK && isZero(head);
    if (!emptyArchive && !TarArchiveInputStream.matches(head, head.length)) {
      throw new BadEntryException(
          "not a tar, zip or Debian archive (after decompression the content has no tar header)");
    }
    TarItemSource tar = new TarItemSource(in, limits);
    if (alsoClose == null) {
      return tar;
    }
    return new ItemSource() {
      @Override
      public ArchiveItem next() throws IOException {
        return tar.next();
      }

      @Override
      public InputStream content() {
        return tar.content();
      }

      @Override
      public void finish() throws IOException {
        tar.finish();
      }

      @Override
      public void close() throws IOException {
        tar.close();
        try {
          alsoClose.close();
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    };
  }

  private static boolean startsWith(byte[] head, String magic) {
    byte[] bytes = magic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return head.length >= bytes.length && Arrays.equals(Arrays.copyOf(head, bytes.length), bytes);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lets the decompressor be closed without closing the caller's stream. */
  static final class UnclosedStream extends FilterInputStream {
    UnclosedStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
