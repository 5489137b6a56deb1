package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.store.LinkedHashes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A copy step of a copy-only stage puts each regular file of its source into the sandbox as a hard
 * link to the project's file rather than a copy of its bytes: creating thousands of inodes costs
 * the kernel far more than adding names to existing ones, and the layer writer reads the files
 * anyway.
 *
 * <p>Sound only where nothing writes the stage after its copies: a stage whose steps are all {@code
 * copy} steps and that is not incremental ({@link #apply}); pruning only unlinks, and a stage that
 * changes is deleted and built again, never written. Where a link cannot be made (another file
 * system, {@code fs.protected_hardlinks}, too many links to one inode, anything) that file is
 * copied as before, silently but for one debug line per step.
 *
 * <p>A linked name differs from a copy in two ways the image must not see. Its mtime is the project
 * file's, where a copy's is the time it was made: the sandbox records each linked name with the
 * time it was linked ({@link Sandbox#recordBorrowed}), which the layers take as its mtime. And
 * linking moves the project file's ctime, so the hash memo's facts about it no longer hold: each
 * linked file is read once after all links ({@link LinkedHashes}) and remembered under both names.
 *
 * <p>{@code link(2)} never follows a symlink: a source swapped for a link after the walk checked it
 * is linked as that link itself, which is then replaced by a symlink made as the copy step makes
 * every symlink (its text kept inside the stage); a source swapped for anything else but a file
 * fails the step.
 */
public final class SourceLinks {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** Set to {@code false} to copy every file as before (tests compare the two). */
  static final String PROPERTY = "imagesmith.copy.links";

  /** What became of a file {@link #link} was asked to link. */
  enum Result {
    /** Linked: a regular file, the project's inode. */
    LINKED,
    /** The source had become a symlink: the stage has that symlink now, as a copy would. */
    SYMLINK,
    /** Not linked: copy it. */
    FAILED
  }

  /** A linked file: its name in the stage, its link, and its inode's key read after the link. */
  private record Borrowed(String imagePath, LinkedHashes.Link link, Object fileKey) {}

  /** Each linked file's SHA-256 (hex), read beside the links ({@link #vouch}) or after them. */
  private final Map<Borrowed, String> sha256 = new ConcurrentHashMap<>();

  /** Links read only after all of the step's links: more names for one inode. */
  private final List<Borrowed> afterAll = new ArrayList<>();

  private final Sandbox sandbox;
  private final FileHashes hashes;
  private final BuildLog log;
  private final String where;
  private final long sinceSeconds = Instant.now().getEpochSecond();
  private final List<Borrowed> borrowed = new ArrayList<>();
  private boolean failedOnce;

  private SourceLinks(Sandbox sandbox, FileHashes hashes, BuildLog log, String where) {
    this.sandbox = sandbox;
    this.hashes = hashes;
    this.log = log;
    this.where = where;
  }

  /**
   * Whether a stage links its copies' files: all its steps are {@code copy} steps, it is not
   * incremental, and linking was not turned off.
   */
  static boolean apply(StageSpec stage) {
    return StageKey.copiesOnly(stage)
        && !stage.incremental().asked()
        && !"false".equals(System.getProperty(PROPERTY));
  }

  /** The links of one copy step into {@code sandbox}; {@code hashes} learns what they hold. */
  static SourceLinks of(Sandbox sandbox, FileHashes hashes, BuildLog log, String where) {
    return new SourceLinks(sandbox, hashes, log, where);
  }

  /**
   * Makes {@code entry} (where nothing is) a link to the regular file {@code source}, and has it
   * read on {@code writers} (on this thread after all links when {@code null}).
   *
   * @param moreNames whether the source has other names, which may be linked later (moving its
   *     ctime again): it is read after all links
   */
  Result link(Path source, Sandbox.Resolved entry, FileWriters writers, boolean moreNames)
      throws IOException {
    try {
      Files.createLink(entry.hostPath(), source);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      if (!failedOnce) {
        failedOnce = true;
        log.debug(
            "  "
                + where
                + ": could not link "
                + source
                + " into the stage ("
                + e
                + "): files that cannot be linked are copied");
      }
      return Result.FAILED;
    }
    BasicFileAttributes linked =
        Files.readAttributes(entry.hostPath(), BasicFileAttributes.class, NOFOLLOW);
    if (linked.isRegularFile()) {
      Borrowed file =
          new Borrowed(
              entry.imagePath(), new LinkedHashes.Link(source, entry.hostPath()), linked.fileKey());
      borrowed.add(file);
      if (writers == null || moreNames) {
        afterAll.add(file);
      } else {
        writers.submit(entry.hostPath(), () -> vouch(file));
      }
      return Result.LINKED;
    }
    // Swapped since the walk checked it: link(2) linked what is there now, never its target.
    String text =
        linked.isSymbolicLink() ? Files.readSymbolicLink(entry.hostPath()).toString() : null;
    Files.delete(entry.hostPath());
    if (text == null) {
      throw new UserInputException(
          where
              + ": "
              + source
              + " stopped being a regular file while the build copied it; copy files,"
              + " directories and symlinks that do not change during the build");
    }
    sandbox.createSymlink(entry.imagePath(), text);
    return Result.SYMLINK;
  }

  /** Records {@code other}, another name of a linked source, as linked to {@code entry} too. */
  void sameInode(Path otherSource, Sandbox.Resolved entry) throws IOException {
    Object fileKey =
        Files.readAttributes(entry.hostPath(), BasicFileAttributes.class, NOFOLLOW).fileKey();
    Borrowed file =
        new Borrowed(
            entry.imagePath(), new LinkedHashes.Link(otherSource, entry.hostPath()), fileKey);
    borrowed.add(file);
    afterAll.add(file);
  }

  private void vouch(Borrowed file) throws IOException {
    try {
      sha256.put(file, hashes.linked().vouch(file.link()));
    } catch (AccessDeniedException e) {
      throw unreadable(e);
    }
  }

  private UserInputException unreadable(AccessDeniedException e) {
    return new UserInputException(
        where
            + ": could not read "
            + e.getFile()
            + " to copy it: "
            + e.getMessage()
            + "; it must be a readable regular file");
  }

  /**
   * After every link of the step and every read on the writers: reads the files left for last and
   * records every linked file in the sandbox as borrowed.
   */
  void finish() throws IOException {
    try {
      readLeftForLast();
    } finally {
      hashes.linked().stepFinished(); // every read of the step is done: its probe file goes
    }
    for (Borrowed file : borrowed) {
      sandbox.recordBorrowed(file.imagePath(), sinceSeconds, sha256.get(file), file.fileKey());
    }
  }

  private void readLeftForLast() throws IOException {
    if (afterAll.isEmpty()) {
      return;
    }
    List<LinkedHashes.Link> links = afterAll.stream().map(Borrowed::link).toList();
    Map<LinkedHashes.Link, String> read;
    try {
      read = hashes.linked().vouchAll(links);
    } catch (AccessDeniedException e) {
      throw unreadable(e);
    }
    for (Borrowed file : afterAll) {
      sha256.put(file, read.get(file.link()));
    }
  }

  /**
   * Whether every file a kept stage borrowed still holds what it held when the stage was built: a
   * project file edited in place changes the stage's name of it too. Reads nothing the memo knows
   * as it is.
   */
  public static boolean unchanged(Sandbox sandbox, FileHashes hashes, BuildLog log)
      throws IOException {
    Map<Path, String> borrowed = sandbox.borrowed();
    if (borrowed.isEmpty()) {
      return true;
    }
    if (hashes == null) {
      return false;
    }
    try {
      Map<Path, String> now = hashes.hashAll(borrowed.keySet());
      for (Map.Entry<Path, String> file : borrowed.entrySet()) {
        if (!file.getValue().equals(now.get(file.getKey()))) {
          log.debug("  stage cache: " + file.getKey() + " was changed in the project: run");
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      log.debug("  stage cache: a file linked from the project is gone (" + e + "): run");
      return false;
    }
  }
}
