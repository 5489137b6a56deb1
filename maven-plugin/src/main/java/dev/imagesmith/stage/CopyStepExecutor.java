package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Metadata;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The {@code copy} step: Docker COPY from the project into the stage.
 *
 * <ul>
 *   <li>A directory source copies its <em>contents</em> into the target directory (created with
 *       mode 0755 if missing). Subdirectories keep their host permission bits.
 *   <li>A file source goes to the target path, or into it when the target ends with {@code /} or is
 *       an existing directory.
 *   <li>Symlinks are copied as symlinks with their target text unchanged in the image, never
 *       followed, dangling ones included; a source that is itself a symlink is copied as that link.
 *       On the host a target that would leave the stage is rewritten to stay inside ({@link
 *       Sandbox#createSymlink}). Files hardlinked to each other inside the copied tree stay
 *       hardlinked.
 *   <li>Regular files keep their host permission bits (so executables stay executable);
 *       setuid/setgid/sticky go to the sandbox's metadata overlay, not onto host files. Owner is
 *       0:0; the host's mtime is not copied (the copy is new; the layer writer clamps all times).
 *   <li>Every target goes through securejoin: {@code ../../x} stays inside the stage, an existing
 *       symlink where a file is copied is replaced (never written through), and an existing symlink
 *       where a directory is copied is followed inside the stage only when it leads to a directory
 *       (so {@code /lib -> usr/lib} keeps working).
 * </ul>
 *
 * Sockets, FIFOs and device files in the source are skipped with a warning.
 *
 * <p>On an incremental stage's kept tree the step brings only what differs from its source and
 * removes what the source no longer has ({@link CopyDifference}).
 *
 * <p>With the build's {@link FileHashes}, a copy of a source whose hash the memo knows (the stage
 * key hashed every source) is remembered with that hash, so the layer's key does not read the
 * stage's copy again: the source's facts are checked before and after the copy, which proves it did
 * not change while it was copied (the memo's own argument). A source the memo does not know (a
 * first build's copy-only stage computes its key after its copies, {@link StageKey#ofCopied}) is
 * hashed as it is copied, and both are remembered with the hash of the bytes copied.
 *
 * <p>Regular files are written on a few threads beside the walk ({@link FileWriters}); a kept
 * tree's copy, which compares each file with the stage's first, stays on one thread.
 *
 * <p>In a stage nothing writes after its copies (all its steps are copy steps, not incremental),
 * regular files are hard-linked from the project instead, where the file system allows it ({@link
 * SourceLinks}): never chmodded, seen by the layers as copies made at the time of the link, and
 * read once after the link on the writer threads for the memo.
 */
public final class CopyStepExecutor implements StepExecutor<StepSpec.Copy> {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path projectBasedir;
  private final FileHashes hashes;

  /**
   * @param projectBasedir the directory relative sources were resolved against, named in errors
   */
  public CopyStepExecutor(Path projectBasedir) {
    this(projectBasedir, null);
  }

  /**
   * @param hashes the build's hash memo, told the hash of each copy it can vouch for; {@code null}
   *     for none
   */
  public CopyStepExecutor(Path projectBasedir, FileHashes hashes) {
    this.projectBasedir = projectBasedir;
    this.hashes = hashes;
  }

  @Override
  public String kind() {
    return "copy";
  }

  @Override
  public StepOutcome execute(StepSpec.Copy step, StepContext context) throws IOException {
    return execute(step, context, false);
  }

  /**
   * @param linkFiles whether to link regular files instead of copying them ({@link SourceLinks}):
   *     only for a stage nothing writes after its copies, and only with the build's hash memo
   */
  public StepOutcome execute(StepSpec.Copy step, StepContext context, boolean linkFiles)
      throws IOException {
    Path source = step.source();
    if (!Files.exists(source, NOFOLLOW)) {
      throw new UserInputException(
          step.where()
              + ": source "
              + source
              + " does not exist (relative paths are resolved against "
              + projectBasedir
              + ")");
    }
    BasicFileAttributes attributes =
        Files.readAttributes(source, BasicFileAttributes.class, NOFOLLOW);
    if (attributes.isOther()) {
      // Copying a pipe would make a pipe in the stage (or, read, block the build): say so.
      throw new UserInputException(
          step.where()
              + ": source "
              + source
              + " is a named pipe, socket or device; copy a file, a directory or a symlink");
    }
    SourceLinks links =
        linkFiles && hashes != null && context.incremental() == null
            ? SourceLinks.of(context.sandbox(), hashes, context.log(), step.where())
            : null;
    new TreeCopy(step, context, hashes, links).run();
    return StepOutcome.NONE;
  }

  /** One copy operation; remembers hardlinks and the directory modes to apply last. */
  private static final class TreeCopy {
    /**
     * A source directory still to copy, into {@code imageDirectory} (at {@code hostDirectory});
     * {@code fresh} when this copy just made that directory: nothing can be in it yet but what the
     * walk itself puts there, each name once.
     */
    private record Pending(Path source, String imageDirectory, Path hostDirectory, boolean fresh) {}

    /** Where a directory of the source went, and whether this copy made it just now. */
    private record Made(String imagePath, Path hostPath, boolean fresh) {}

    private record DirectoryMode(Path host, int mode) {}

    /**
     * Where the first name of a hardlinked source went, that name, its write if pending, and
     * whether it is the source's inode linked in.
     */
    private record FirstCopy(String imagePath, Path source, Future<?> written, boolean linked) {}

    private final StepSpec.Copy step;
    private final StepContext context;
    private final Sandbox sandbox;
    private final Map<Object, FirstCopy> firstCopyOfInode = new HashMap<>();
    private final List<DirectoryMode> directoryModes = new ArrayList<>();

    /** What this copy brings, for an incremental stage's next run; {@code null} otherwise. */
    private final List<String> brought;

    /** On an incremental stage's kept tree: brings only what differs; {@code null} otherwise. */
    private final CopyDifference difference;

    private final FileHashes hashes;

    /** Writes the regular files beside the walk; {@code null} on one thread. */
    private FileWriters writers;

    /** The copies whose hash is known from their source's; {@code null} without a memo. */
    private final FileHashes.Copies copies;

    /** Links regular files instead of copying them; {@code null} to copy them. */
    private final SourceLinks links;

    TreeCopy(StepSpec.Copy step, StepContext context, FileHashes hashes, SourceLinks links) {
      this.hashes = hashes;
      this.links = links;
      this.copies = hashes == null ? null : hashes.copies();
      this.step = step;
      this.context = context;
      this.sandbox = context.sandbox();
      IncrementalRun incremental = context.incremental();
      this.brought = incremental == null ? null : new ArrayList<>();
      this.difference =
          incremental != null && incremental.onKeptTree()
              ? new CopyDifference(sandbox, incremental, step.where())
              : null;
    }

    void run() throws IOException {
      // A kept tree's copy compares each file with the stage's first: one thread, in order.
      if (difference == null) {
        try (FileWriters parallel = new FileWriters()) {
          writers = parallel;
          copyAll();
        } finally {
          writers = null;
        }
      } else {
        copyAll();
      }
      if (links != null) {
        links.finish(); // after every link: each moved its source's ctime
      }
      if (copies != null) {
        copies.commit(); // before any later step can write the stage
      }
      if (difference != null) {
        difference.removeGone(brought, context.log());
      }
      if (brought != null) {
        context.incremental().recordCopy(step.where(), brought);
      }
    }

    private void copyAll() throws IOException {
      Path source = step.source();
      SourceFacts sourceFacts = SourceFacts.of(source);
      if (!sourceFacts.directory()) {
        String name = source.getFileName().toString();
        copyNonDirectory(
            source,
            sourceFacts,
            StageTargets.file(sandbox, step.target(), name, step.where()),
            false);
        finishWrites();
        return;
      }
      // Iterative, not recursive: a hostile or just deep tree must not overflow the stack (R8).
      Deque<Pending> pending = new ArrayDeque<>();
      String top = StageTargets.directory(sandbox, step.target(), step.where());
      pending.push(new Pending(source, top, null, false));
      while (!pending.isEmpty()) {
        Pending directory = pending.pop();
        for (Path child : sortedChildren(directory.source())) {
          String name = child.getFileName().toString();
          String imagePath = ImagePaths.child(directory.imageDirectory(), name);
          // In a directory this copy just made, the entry is that directory's host path and
          // nothing: no resolving, no looking for what is there (an lstat and an exception each).
          Sandbox.Resolved entry =
              directory.fresh()
                  ? new Sandbox.Resolved(imagePath, directory.hostDirectory().resolve(name))
                  : null;
          SourceFacts facts = SourceFacts.of(child);
          if (facts.directory()) {
            Made made = copyDirectory(child, facts.mode(), imagePath, entry);
            pending.push(new Pending(child, made.imagePath(), made.hostPath(), made.fresh()));
          } else if (facts.regularFile() || facts.symlink()) {
            copyNonDirectory(
                child,
                facts,
                entry != null ? entry : sandbox.resolveEntry(imagePath),
                entry != null);
          } else {
            context
                .log()
                .warn(step.where() + ": skipping " + child + ": not a file, directory or symlink");
          }
        }
      }
      finishWrites();
      // Last, so that a read-only source directory does not stop its own children being written.
      for (int i = directoryModes.size() - 1; i >= 0; i--) {
        DirectoryMode directory = directoryModes.get(i);
        Files.setPosixFilePermissions(directory.host(), HostFiles.permissions(directory.mode()));
      }
    }

    /**
     * Makes the directory for {@code imagePath} ({@code freshEntry}: where, in a directory this
     * copy just made; {@code null} to resolve it); returns where to copy its children.
     *
     * @param mode the source directory's mode bits, special bits included
     */
    private Made copyDirectory(Path source, int mode, String imagePath, Sandbox.Resolved freshEntry)
        throws IOException {
      Sandbox.Resolved entry = freshEntry != null ? freshEntry : sandbox.resolveEntry(imagePath);
      BasicFileAttributes existing = null;
      if (freshEntry == null) {
        settle(entry.hostPath());
        existing = StageTargets.attributesOrNull(entry.hostPath());
      }
      if (existing != null && existing.isSymbolicLink()) {
        Sandbox.Resolved followed = sandbox.resolve(imagePath);
        if (Files.isDirectory(followed.hostPath(), NOFOLLOW)) {
          // e.g. /lib -> usr/lib: merge, like Docker, inside the stage
          return new Made(followed.imagePath(), followed.hostPath(), false);
        }
        sandbox.delete(entry.imagePath()); // dangling or a link to a file: replace the link
        existing = null;
      }
      if (existing != null && !existing.isDirectory()) {
        if (difference == null
            || !difference.broughtBefore(IncrementalRun.entry('f', entry.imagePath()))
                && !difference.broughtBefore(IncrementalRun.entry('l', entry.imagePath()))) {
          throw new UserInputException(
              step.where()
                  + ": cannot replace file "
                  + entry.imagePath()
                  + " in the stage with directory "
                  + source
                  + "; remove it first or choose another target");
        }
        sandbox.delete(entry.imagePath()); // a file of the source that is a directory now
        existing = null;
      }
      // A directory this step made gets its source's mode, now as on the run that made it.
      boolean ours =
          existing == null
              || difference != null
                  && difference.broughtBefore(IncrementalRun.entry('d', entry.imagePath()));
      if (existing == null) {
        Files.createDirectory(entry.hostPath());
      }
      if (ours) {
        directoryModes.add(new DirectoryMode(entry.hostPath(), mode & 0777));
        recordSpecialBits(entry.imagePath(), mode, FileType.DIRECTORY);
        bring('d', entry.imagePath());
      }
      return new Made(entry.imagePath(), entry.hostPath(), existing == null);
    }

    private void bring(char type, String imagePath) {
      if (brought != null) {
        brought.add(IncrementalRun.entry(type, imagePath));
      }
    }

    /**
     * @param fresh whether {@code entry} is in a directory this copy just made (nothing there to
     *     wait for or clear)
     */
    private void copyNonDirectory(
        Path source, SourceFacts facts, Sandbox.Resolved entry, boolean fresh) throws IOException {
      bring(facts.symlink() ? 'l' : 'f', entry.imagePath());
      if (difference != null
          && (facts.symlink() || facts.linkCount() == 1)
          && difference.unchanged(source, facts, entry)) {
        return; // the stage's copy is the source's: kept, mtime and all
      }
      if (!fresh) {
        settle(entry.hostPath());
        StageTargets.clearForFile(sandbox, entry, step.where());
      }
      if (facts.symlink()) {
        sandbox.createSymlink(entry.imagePath(), Files.readSymbolicLink(source).toString());
        return;
      }
      Object inode = facts.fileKey();
      FirstCopy firstCopy = inode == null ? null : firstCopyOfInode.get(inode);
      if (firstCopy != null) {
        if (firstCopy.written() != null) {
          FileWriters.await(firstCopy.written());
        }
        sandbox.hardlink(entry.imagePath(), firstCopy.imagePath()); // with the first's metadata
        if (firstCopy.linked()) {
          links.sameInode(source, entry);
        } else if (copies != null) {
          copies.sameFile(source, firstCopy.source()); // the stage key reads this name too
        }
        return;
      }
      int mode = facts.mode();
      boolean several = inode != null && facts.linkCount() > 1; // read before a link added one
      SourceLinks.Result linked =
          links == null ? SourceLinks.Result.FAILED : links.link(source, entry, writers, several);
      if (linked == SourceLinks.Result.SYMLINK) {
        return;
      }
      if (linked == SourceLinks.Result.LINKED) {
        // The project's inode: never chmod it (its mode is the source's already).
        if (several) {
          firstCopyOfInode.put(inode, new FirstCopy(entry.imagePath(), source, null, true));
        }
        recordSpecialBits(entry.imagePath(), mode, FileType.REGULAR);
        return;
      }
      Future<?> written = null;
      if (writers == null) {
        copyFile(source, entry, mode);
      } else {
        written = writers.submit(entry.hostPath(), () -> copyFile(source, entry, mode));
      }
      if (several) {
        firstCopyOfInode.put(inode, new FirstCopy(entry.imagePath(), source, written, false));
      }
      if ((mode & 07000) != 0 && written != null) {
        FileWriters.await(written); // the overlay records the file's inode
      }
      recordSpecialBits(entry.imagePath(), mode, FileType.REGULAR);
    }

    /** Writes the regular file; on a writer thread when the copy has them. */
    private void copyFile(Path source, Sandbox.Resolved entry, int mode) throws IOException {
      String known = hashes == null ? null : hashes.remembered(source);
      if (known == null && copies != null) {
        // Nobody hashed the source yet (a first build's stage key waits for its copies): hash it
        // as it is copied, for the stage key and the layer key, instead of reading it twice more.
        copyHashing(source, entry);
      } else {
        // NOFOLLOW: a source swapped for a link since it was checked is copied as that link.
        Files.copy(source, entry.hostPath(), NOFOLLOW);
        if (known != null && known.equals(hashes.remembered(source))) {
          copies.add(entry.hostPath(), known); // the source's facts held across the copy
        }
      }
      Files.setPosixFilePermissions(entry.hostPath(), HostFiles.permissions(mode));
    }

    /** Waits for the writers if one writes {@code host} or it exists (it is then replaced). */
    private void settle(Path host) throws IOException {
      if (writers != null) {
        writers.settle(host);
      }
    }

    private void finishWrites() throws IOException {
      if (writers != null) {
        writers.finish();
      }
    }

    private void copyHashing(Path source, Sandbox.Resolved entry) throws IOException {
      try {
        copies.copyHashing(source, entry.hostPath());
      } catch (IOException e) {
        // Unreadable, or checked as a regular file a moment ago and swapped for a link since.
        if (!(e instanceof AccessDeniedException)
            && Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        throw new UserInputException(
            step.where()
                + ": could not copy "
                + source
                + " to "
                + entry.imagePath()
                + ": "
                + e.getMessage()
                + "; it must be a readable regular file that does not change while the build"
                + " copies it");
      }
    }

    private void recordSpecialBits(String imagePath, int mode, FileType type) throws IOException {
      if ((mode & 07000) != 0) {
        sandbox.setMetadata(imagePath, Metadata.of(mode & 07777, 0, 0, type));
      }
    }

    private static List<Path> sortedChildren(Path directory) throws IOException {
      try (Stream<Path> children = Files.list(directory)) {
        return children
            .sorted(Comparator.comparing(path -> path.getFileName().toString()))
            .toList();
      }
    }
  }
}
