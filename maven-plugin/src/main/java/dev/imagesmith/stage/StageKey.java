package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The stage cache key: SHA-256 over everything a stage's result is made from, so that a stage runs
 * again only when one of them changed.
 *
 * <ul>
 *   <li>its configuration: the whole {@link StageSpec} (steps in order with every field, prune
 *       rules, base text, and the isolation: {@code host} and {@code stage} run the same command in
 *       different worlds);
 *   <li>its inputs' content: every file a {@code copy} step reads (path, type, permission bits,
 *       symlink target, hardlink grouping, SHA-256 of the content; never an mtime), the archive an
 *       {@code extract} step reads, and the SHA-256 a {@code download} step pins (already in the
 *       configuration);
 *   <li>the digest of its base image's manifest;
 *   <li>for a stage-isolated stage with a {@code debian} step, the build timestamp: its maintainer
 *       scripts run with it as {@code SOURCE_DATE_EPOCH} (a user's password change day);
 *   <li>the plugin version and this key's format.
 * </ul>
 *
 * <p>What it cannot cover: a {@code run} step on the host executes a host command, and its effect
 * depends on the host's tools and files beyond the project (the compiler, {@code /usr/lib}, the
 * network). The key covers the command text, its environment and working directory, not the host.
 * After a host tool changes, build with {@code -Dimage.cache=false} once. A stage-isolated run step
 * uses only the stage's tools, which the key does cover (base digest, earlier steps); the network
 * stays outside it.
 */
public final class StageKey {
  /** Bump whenever what a stage produces from the same inputs changes. */
  static final String FORMAT = "imagesmith-stage/2";

  /** The format of {@link #withoutCopiedFiles}; bump with what an incremental run relies on. */
  static final String INCREMENTAL_FORMAT = "imagesmith-kept-tree/1";

  private StageKey() {}

  /**
   * @param baseDigest the stage base's manifest digest, or {@code null} for an empty root
   * @param hashes hashes the copied and extracted files (with its memo)
   * @param basedir the project directory: a source link is followed only inside it
   */
  public static String of(StageSpec spec, String baseDigest, FileHashes hashes, Path basedir)
      throws IOException {
    return of(spec, baseDigest, java.time.Instant.EPOCH, hashes, basedir);
  }

  /**
   * @param timestamp the build timestamp; counts only for a stage-isolated stage with a {@code
   *     debian} step
   */
  public static String of(
      StageSpec spec,
      String baseDigest,
      java.time.Instant timestamp,
      FileHashes hashes,
      Path basedir)
      throws IOException {
    return compute(
        FORMAT, spec, baseDigest, timestamp, hashes, files -> hashes.hashAll(files), basedir);
  }

  /**
   * The key as {@link #of}, computed after the stage's {@code copy} steps ran, from the hashes they
   * remembered as they copied (nothing is read but the linked files whose facts pruning moved:
   * {@link dev.imagesmith.store.LinkedHashes#refresh(Map)}), or {@code null} if one of the files
   * they read is not remembered as it is now: it changed since it was copied (or was too new to be
   * remembered), and a key over its content now would not describe the stage. Only for a stage
   * whose steps are all {@code copy} steps ({@link #copiesOnly}).
   */
  public static String ofCopied(
      StageSpec spec,
      String baseDigest,
      java.time.Instant timestamp,
      FileHashes hashes,
      Path basedir)
      throws IOException {
    if (!copiesOnly(spec)) {
      throw new IllegalArgumentException("stage " + spec.name() + " has steps other than copy");
    }
    return compute(
        FORMAT,
        spec,
        baseDigest,
        timestamp,
        hashes,
        files -> {
          // The links' sources, as this walk found them: those pruning moved are read again.
          hashes.linked().refresh(files);
          return hashes.copiedAll(files);
        },
        basedir);
  }

  /** Whether every step of the stage is a {@code copy} step (nothing else reads or runs). */
  public static boolean copiesOnly(StageSpec spec) {
    return spec.steps().stream().allMatch(StepSpec.Copy.class::isInstance);
  }

  /** The SHA-256 of a copy step's files, or {@code null} when they are not to be had. */
  private interface Contents {
    Map<Path, String> of(Map<Path, FileHashes.Facts> files) throws IOException;
  }

  /**
   * The key of what an incremental stage's kept tree was built from ({@link KeptTree}): everything
   * {@link #of} covers but the content of the files its {@code copy} steps read, which an
   * incremental run brings up to date itself. Any other change (the configuration, the base, an
   * extracted archive, the plugin) starts the stage from scratch.
   */
  public static String withoutCopiedFiles(
      StageSpec spec,
      String baseDigest,
      java.time.Instant timestamp,
      FileHashes hashes,
      Path basedir)
      throws IOException {
    return compute(INCREMENTAL_FORMAT, spec, baseDigest, timestamp, hashes, null, basedir);
  }

  private static String compute(
      String format,
      StageSpec spec,
      String baseDigest,
      java.time.Instant timestamp,
      FileHashes hashes,
      Contents copied,
      Path basedir)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, format);
      text(out, PluginVersion.get());
      // Records print every component, nested records and collections included, in a fixed way.
      text(out, spec.toString());
      text(out, baseDigest);
      if (spec.isolation() == dev.imagesmith.plan.RunIsolation.STAGE
          && spec.steps().stream().anyMatch(StepSpec.Debian.class::isInstance)) {
        text(out, "SOURCE_DATE_EPOCH=" + timestamp.getEpochSecond());
      }
      for (StepSpec step : spec.steps()) {
        if (step instanceof StepSpec.Copy copy && copied != null) {
          if (!copySource(out, copy.source(), copied)) {
            return null;
          }
        } else if (step instanceof StepSpec.Extract extract) {
          text(out, archiveHash(extract, hashes, basedir));
        }
      }
    }
    return sha256Hex(bytes.toByteArray());
  }

  /**
   * SHA-256 (hex) over the content of the inputs alone, in step order: every file a {@code copy}
   * step reads (named relative to its source) and the archive each {@code extract} step reads, as
   * {@link #of} hashes them, without the configuration. Nothing of it depends on where the project
   * lives, so the shared cache ({@code sharedcache}) builds its portable key on it.
   */
  public static String inputsOf(StageSpec spec, FileHashes hashes, Path basedir)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, FORMAT);
      for (StepSpec step : spec.steps()) {
        if (step instanceof StepSpec.Copy copy) {
          copySource(out, copy.source(), files -> hashes.hashAll(files));
        } else if (step instanceof StepSpec.Extract extract) {
          text(out, archiveHash(extract, hashes, basedir));
        }
      }
    }
    return sha256Hex(bytes.toByteArray());
  }

  /**
   * The hash of the file the extract step will read, or {@code null} when the step will refuse its
   * source (it reports the mistake; a failed stage is never kept).
   */
  private static String archiveHash(StepSpec.Extract extract, FileHashes hashes, Path basedir)
      throws IOException {
    Path archive;
    try {
      archive = ProjectFile.resolve(extract.source(), basedir, extract.where());
    } catch (UserInputException refused) {
      return null;
    }
    return hashes.hash(archive);
  }

  /**
   * Every object the copy step would read below {@code source}, in a fixed order; {@code false}
   * (nothing more written) when {@code contents} has no hashes for its files.
   */
  private static boolean copySource(DataOutputStream out, Path source, Contents contents)
      throws IOException {
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      text(out, "missing");
      return true; // the step itself reports the mistake
    }
    List<SourceTree.Entry> entries = SourceTree.walk(source);
    Map<Path, FileHashes.Facts> files = new HashMap<>();
    for (SourceTree.Entry entry : entries) {
      if (entry.isRegularFile()) {
        files.put(entry.path(), entry.facts());
      }
    }
    Map<Path, String> content = contents.of(files);
    if (content == null) {
      return false;
    }
    Map<Object, String> firstNameOfInode = new HashMap<>();
    out.writeInt(entries.size());
    for (SourceTree.Entry entry : entries) {
      Path path = entry.path();
      text(out, source.relativize(path).toString());
      out.writeInt(entry.permissions());
      if (entry.isSymbolicLink()) {
        text(out, "symlink");
        text(out, Files.readSymbolicLink(path).toString());
      } else if (entry.isDirectory()) {
        text(out, "directory");
      } else if (entry.isRegularFile()) {
        text(out, "file");
        text(out, content.get(path));
        String first =
            firstNameOfInode.putIfAbsent(entry.identity(), source.relativize(path).toString());
        text(out, first); // hardlinks stay hardlinks in the copy
      } else {
        text(out, "other"); // skipped by the copy
      }
    }
    return true;
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
