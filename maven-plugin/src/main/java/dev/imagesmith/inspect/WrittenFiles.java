package dev.imagesmith.inspect;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the layer writer learned of the host files it wrote a layer from, kept for the checks and
 * the SBOM so that they need not ask the file system again (for a tree of ten thousand files: as
 * many opens, reads and closes for the heads, two {@code lstat}s each for the hashes):
 *
 * <ul>
 *   <li>each file's first bytes, taken as the writer read them: what {@link FileFacts} needs to
 *       know what a file is (its ELF identification, a script's {@code #!} line);
 *   <li>each file's SHA-256 as the layer's cache key took it (from the build's hash memo, which
 *       checked the file's facts first).
 * </ul>
 *
 * A layer taken from the layer cache has no heads here, one written without the cache no hashes:
 * those files are read as before.
 */
public final class WrittenFiles {
  /** How many bytes a writer hands over: enough for the longest head {@link FileFacts} reads. */
  public static final int HEAD_BYTES = FileFacts.SHEBANG_BYTES;

  private final Map<Path, byte[]> heads = new ConcurrentHashMap<>();
  private final Map<Path, String> sha256 = new ConcurrentHashMap<>();

  /**
   * Remembers the first bytes of {@code source}: its first {@link #HEAD_BYTES} bytes, or all of it
   * if it is shorter. Keeps only what {@link FileFacts} would read of them (64 bytes unless a
   * {@code #!} line follows).
   */
  public void putHead(Path source, byte[] prefix) {
    heads.put(source, FileFacts.headOf(prefix));
  }

  /** Remembers the SHA-256 (hex) of each host file in {@code content}, as a layer's key took it. */
  public void putSha256(Map<Path, String> content) {
    sha256.putAll(content);
  }

  /** The head of {@code source} as {@link FileFacts} reads it, or {@code null} if not known. */
  byte[] head(Path source) {
    byte[] head = heads.get(source);
    return head == null ? null : Arrays.copyOf(head, head.length);
  }

  /** The SHA-256 (hex) of {@code source} as a layer's key took it, or {@code null}. */
  public String sha256(Path source) {
    return sha256.get(source);
  }

  /** Hashes from here, and from {@code other} for files no layer's key took. */
  public FileFacts.Hasher or(FileFacts.Hasher other) {
    return file -> {
      String known = sha256.get(file);
      return known != null ? known : other.sha256(file);
    };
  }
}
