package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.elf.ElfInfo;
import dev.imagesmith.elf.ElfReader;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a regular file's bytes say, read once: their SHA-256, the ELF identification of the first
 * bytes, the loader's view of an ELF file (only where it will be checked: in a layer the build
 * added), the {@code #!} line of a script and the text of a small loader configuration file. Read
 * from a layer's tar stream, or from the host file a layer this build wrote took its bytes from.
 *
 * @param sha256 hex SHA-256 of the content
 * @param elf the ELF identification, or {@code null} if the file is no ELF file
 * @param elfInfo the loader's view of a loadable ELF file that was asked for, else {@code null}
 * @param elfError why that ELF file could not be read, else {@code null}
 * @param loaderConfig the text of a loader configuration file that was asked for, else {@code null}
 * @param shebang for a file starting with {@code #!}, the rest of its first line as the kernel
 *     reads it (at most {@link #SHEBANG_BYTES} bytes from the start of the file, the newline left
 *     out); else {@code null}
 */
public record FileFacts(
    String sha256,
    ElfIdent elf,
    ElfInfo elfInfo,
    String elfError,
    String loaderConfig,
    String shebang) {
  /** Loader configuration files larger than this are not kept (real ones are a few lines). */
  static final int MAX_CONFIG_BYTES = 64 * 1024;

  /**
   * How much of a script the kernel reads for its {@code #!} line (Linux's {@code BINPRM_BUF_SIZE}
   * since 5.1): an interpreter named past it is not found there either.
   */
  public static final int SHEBANG_BYTES = 256;

  private static final int HEAD = 64;

  /** Hashes host files; the build's memo knows most of them already. */
  @FunctionalInterface
  public interface Hasher {
    /** Hex SHA-256 of {@code file}'s content. */
    String sha256(Path file) throws IOException;
  }

  /** What {@code wanted} asks of a file: its ELF view, its text, or only its hash and head. */
  record Wanted(boolean elfInfo, boolean loaderConfig) {}

  /**
   * Reads {@code body} (a regular file's content in a layer) to its end.
   *
   * @param scratch where an ELF file is copied for the reader, which needs random access; used only
   *     if {@code wanted.elfInfo()}
   */
  static FileFacts read(InputStream body, Wanted wanted, Path scratch) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] head = withShebangLine(body.readNBytes(HEAD), body);
    sha256.update(head);
    Optional<ElfIdent> elf = ElfIdent.parse(head);
    ElfInfo info = null;
    String elfError = null;
    String config = null;
    if (wanted.elfInfo() && elf.isPresent() && elf.get().isLoadable()) {
      Path copy = Files.createTempFile(scratch, "elf", ".bin");
      try {
        try (OutputStream out = Files.newOutputStream(copy)) {
          out.write(head);
          copyDigesting(body, out, sha256);
        }
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
          info = ElfReader.read(channel).orElse(null);
        } catch (IOException e) {
          elfError = e.getMessage();
        }
      } finally {
        Files.deleteIfExists(copy);
      }
    } else if (wanted.loaderConfig()) {
      byte[] rest = body.readNBytes(MAX_CONFIG_BYTES);
      sha256.update(rest);
      config = text(head, rest);
      copyDigesting(body, OutputStream.nullOutputStream(), sha256);
    } else {
      copyDigesting(body, OutputStream.nullOutputStream(), sha256);
    }
    return new FileFacts(
        HexFormat.of().formatHex(sha256.digest()),
        elf.orElse(null),
        info,
        elfError,
        config,
        shebang(head));
  }

  /**
   * Reads the host file {@code source} that a layer took a regular file's bytes from, never through
   * a link.
   *
   * @param hasher gives the content's hash, or {@code null} to read the whole file for it
   */
  static FileFacts read(Path source, Wanted wanted, Hasher hasher) throws IOException {
    return read(source, wanted, hasher, null);
  }

  /**
   * As {@link #read(Path, Wanted, Hasher)}, with the file's head ({@link #headOf}) already known
   * when {@code knownHead} is not {@code null}: with a {@code hasher}, and no loader configuration
   * asked for, the file is then opened only if it is a loadable ELF file whose view is wanted.
   */
  static FileFacts read(Path source, Wanted wanted, Hasher hasher, byte[] knownHead)
      throws IOException {
    FileFacts facts;
    if (knownHead != null && hasher != null && !wanted.loaderConfig()) {
      facts =
          new FileFacts(
              hasher.sha256(source),
              ElfIdent.parse(knownHead).orElse(null),
              null,
              null,
              null,
              shebang(knownHead));
      return withElfInfo(source, wanted, facts);
    }
    try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
      if (hasher == null) {
        facts = read(in, new Wanted(false, wanted.loaderConfig()), null);
      } else {
        byte[] head = withShebangLine(in.readNBytes(HEAD), in);
        ElfIdent elf = ElfIdent.parse(head).orElse(null);
        boolean elfInfo = wanted.elfInfo() && elf != null && elf.isLoadable();
        String config =
            wanted.loaderConfig() && !elfInfo ? text(head, in.readNBytes(MAX_CONFIG_BYTES)) : null;
        facts = new FileFacts(hasher.sha256(source), elf, null, null, config, shebang(head));
      }
    }
    return withElfInfo(source, wanted, facts);
  }

  /** {@code facts} with the loader's view of {@code source}, if wanted and a loadable ELF file. */
  private static FileFacts withElfInfo(Path source, Wanted wanted, FileFacts facts)
      throws IOException {
    if (!wanted.elfInfo() || facts.elf() == null || !facts.elf().isLoadable()) {
      return facts;
    }
    ElfInfo info = null;
    String elfError = null;
    try (FileChannel channel =
        FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      try {
        info = ElfReader.read(channel).orElse(null);
      } catch (IOException e) {
        elfError = e.getMessage();
      }
    }
    return new FileFacts(facts.sha256(), facts.elf(), info, elfError, null, null);
  }

  /** The same bytes seen through another name: no ELF view of its own (checked once). */
  FileFacts forHardlink() {
    return new FileFacts(sha256, elf, null, null, loaderConfig, shebang);
  }

  /**
   * The head {@link #read(Path, Wanted, Hasher)} reads of a file whose first bytes are {@code
   * prefix} (its first {@link #SHEBANG_BYTES} bytes, or all of it if shorter): {@value #HEAD}
   * bytes, or the whole prefix for a script's {@code #!} line.
   */
  static byte[] headOf(byte[] prefix) {
    if (prefix.length <= HEAD || prefix[0] != '#' || prefix[1] != '!') {
      return prefix.length <= HEAD ? prefix.clone() : Arrays.copyOf(prefix, HEAD);
    }
    return Arrays.copyOf(prefix, Math.min(prefix.length, SHEBANG_BYTES));
  }

  /** {@code head} and, if it starts with {@code #!}, what follows up to {@link #SHEBANG_BYTES}. */
  private static byte[] withShebangLine(byte[] head, InputStream rest) throws IOException {
    if (head.length < 2 || head[0] != '#' || head[1] != '!' || head.length < HEAD) {
      return head;
    }
    byte[] more = rest.readNBytes(SHEBANG_BYTES - head.length);
    byte[] all = new byte[head.length + more.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(more, 0, all, head.length, more.length);
    return all;
  }

  /** The first line after {@code #!} within {@code head}, or {@code null}. */
  static String shebang(byte[] head) {
    if (head.length < 2 || head[0] != '#' || head[1] != '!') {
      return null;
    }
    int end = 2;
    int limit = Math.min(head.length, SHEBANG_BYTES);
    while (end < limit && head[end] != '\n') {
      end++;
    }
    return new String(head, 2, end - 2, StandardCharsets.UTF_8);
  }

  private static String text(byte[] head, byte[] rest) {
    byte[] all = new byte[head.length + rest.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    return new String(all, StandardCharsets.UTF_8);
  }

  private static void copyDigesting(InputStream in, OutputStream out, MessageDigest digest)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
  }
}
