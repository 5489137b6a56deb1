package dev.imagesmith.store;

import dev.imagesmith.io.HostFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One file put in place whole: written under a temporary name beside its target ({@link
 * TempNames}), given its mode, made durable if asked, then renamed over the target in one step, so
 * a reader sees the old file or the new one, never part of one (security-cases.md O1, O2). On any
 * failure the temporary is removed and the target is left as it was.
 *
 * <p>Durability is the caller's choice, made once per kind of file: what is <em>published</em> (the
 * outputs under {@code target/image}, a lock file meant to be committed) is fsynced before the
 * rename and its directory after it; a cache entry or a work file is not, because each is verified
 * or checksummed when read, so a file a power cut garbled is a miss, never a wrong answer.
 *
 * <pre>{@code
 * AtomicFile.to(target).mode(0644).durable().write(bytes);
 * AtomicFile.to(target).fill(temporary -> Files.createLink(temporary, source));
 * }</pre>
 */
public final class AtomicFile {
  /** Fills the temporary file, which does not exist yet: the filler creates it. */
  @FunctionalInterface
  public interface Filler {
    void fill(Path temporary) throws IOException;
  }

  /** Writes the content to a stream over the temporary file. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static final int UNSET = -1;

  private final Path target;
  private final int mode;
  private final boolean durable;
  private final boolean serialized;

  private AtomicFile(Path target, int mode, boolean durable, boolean serialized) {
    this.target = target.toAbsolutePath().normalize();
    this.mode = mode;
    this.durable = durable;
    this.serialized = serialized;
  }

  /** The file {@code target}: by default mode 0600 for written content, not durable. */
  public static AtomicFile to(Path target) {
    return new AtomicFile(target, UNSET, false, false);
  }

  /** Gives the file these permission bits (e.g. {@code 0644}) before it is moved into place. */
  public AtomicFile mode(int bits) {
    return new AtomicFile(target, bits, durable, serialized);
  }

  /** Fsyncs the file before the rename and its directory after it: for published files. */
  public AtomicFile durable() {
    return new AtomicFile(target, mode, true, serialized);
  }

  /**
   * Serialises writers of this target, across threads and processes, with a lock file beside it,
   * and removes under that lock what a killed earlier writer left ({@link TargetLock}).
   */
  public AtomicFile serialized() {
    return new AtomicFile(target, mode, durable, true);
  }

  public Path target() {
    return target;
  }

  /** Puts {@code content} in place. */
  public void write(byte[] content) throws IOException {
    write(out -> out.write(content));
  }

  /** Puts in place what {@code writer} writes. */
  public void write(Writer writer) throws IOException {
    fill(
        temporary -> {
          try (OutputStream out =
              new BufferedOutputStream(Files.newOutputStream(Staged.create(temporary)), 1 << 16)) {
            writer.write(out);
          }
        });
  }

  /** Puts in place the file {@code filler} makes at the temporary path. */
  public void fill(Filler filler) throws IOException {
    Files.createDirectories(target.getParent());
    if (serialized) {
      TargetLock.run(target, () -> fillNow(filler));
    } else {
      fillNow(filler);
    }
  }

  private void fillNow(Filler filler) throws IOException {
    try (Staged staged = stage(target.getParent(), target.getFileName().toString())) {
      filler.fill(staged.path());
      staged.publish(this);
    }
  }

  /**
   * A temporary in {@code directory} for content whose name is known only once it is written (a
   * blob named by its digest); {@link Staged#publish} moves it, {@link Staged#close} deletes it if
   * it was not.
   *
   * @param hint what the temporary is named after, e.g. {@code layer}
   */
  public static Staged stage(Path directory, String hint) {
    return new Staged(directory.resolve(TempNames.next(hint)));
  }

  /** A temporary file on its way into place. */
  public static final class Staged implements AutoCloseable {
    private final Path path;
    private boolean published;

    private Staged(Path path) {
      this.path = path;
    }

    /** The temporary's path; nothing exists there until someone creates it. */
    public Path path() {
      return path;
    }

    /** Creates the temporary, empty, with mode 0600, and returns its path. */
    public Path create() throws IOException {
      return create(path);
    }

    static Path create(Path path) throws IOException {
      try {
        return Files.createFile(
            path, PosixFilePermissions.asFileAttribute(HostFiles.permissions(0600)));
      } catch (UnsupportedOperationException e) {
        return Files.createFile(path);
      } catch (FileAlreadyExistsException e) {
        throw new IOException("temporary file " + path + " exists already", e);
      }
    }

    /** Gives the temporary {@code file}'s mode and durability and renames it to its target. */
    public void publish(AtomicFile file) throws IOException {
      if (file.mode != UNSET) {
        setMode(path, file.mode);
      }
      if (file.durable) {
        sync(path);
      }
      // rename(2): atomic, replaces whatever is at the target (a link there as a link).
      Files.move(
          path, file.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      published = true;
      if (file.durable) {
        syncDirectory(file.target.getParent());
      }
    }

    /** Deletes the temporary unless it was published. */
    @Override
    public void close() throws IOException {
      if (!published && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        HostFiles.deleteTree(path);
      }
    }
  }

  /** Sets permission bits without following a link; fixed by us, not by the host's umask. */
  public static void setMode(Path path, int bits) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view != null) {
      view.setPermissions(HostFiles.permissions(bits));
    }
  }

  /** Flushes a file's bytes to disk. */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Flushes a directory's entries to disk; best effort (not every platform allows it). */
  public static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Directories cannot be opened for fsync everywhere; the rename itself still happened.
    }
  }
}
