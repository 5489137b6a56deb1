package dev.imagesmith.inspect;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first bytes of each host file a layer writer tarred, taken as it read them: what the checks
 * need to know what a file is (its ELF identification, a script's {@code #!} line), so that {@link
 * ImageInspector#inspection} need not open every file of the image once more (ten thousand opens,
 * reads and closes for a large tree). A file written from the layer cache, or not written at all,
 * has no head here and is read as before.
 */
public final class FileHeads {
  /** How many bytes a writer hands over: enough for the longest head {@link FileFacts} reads. */
  public static final int BYTES = FileFacts.SHEBANG_BYTES;

  private final Map<Path, byte[]> heads = new ConcurrentHashMap<>();

  /**
   * Remembers the first bytes of {@code source}: its first {@link #BYTES} bytes, or all of it if it
   * is shorter. Keeps only what {@link FileFacts} would read of them (64 bytes unless a {@code #!}
   * line follows).
   */
  public void put(Path source, byte[] prefix) {
    heads.put(source, FileFacts.headOf(prefix));
  }

  /** The head of {@code source} as {@link FileFacts} reads it, or {@code null} if not known. */
  byte[] get(Path source) {
    byte[] head = heads.get(source);
    return head == null ? null : Arrays.copyOf(head, head.length);
  }
}
