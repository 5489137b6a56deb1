package dev.imagesmith.sharedcache;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.report.StageSummaryJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Finds a stage's entry in the shared cache and brings it into the stage's sandbox, trusting
 * nothing it has not checked: the tag's manifest is fetched by the digest the registry names for it
 * and checked against it, must be a stage entry for exactly this key and stage with a valid seal
 * and sizes within the limit, not older than the age limit; each blob is downloaded to the work
 * directory and checked against its descriptor's digest and size before it is read; the tree goes
 * through the same hardened extractor as a base image's layers (nothing lands outside the sandbox).
 * Any failure leaves no sandbox behind.
 */
final class StageEntryReader {
  /** What a look for an entry found. */
  enum Found {
    /** The stage was restored from the entry. */
    RESTORED,
    /** There is no entry for the key. */
    NONE,
    /** There is one, older than the age limit: not used, and replaced when this build pushes. */
    STALE,
    /** There is one that cannot be used (not ours, damaged): replaced when this build pushes. */
    UNUSABLE,
    /** The registry did not answer: nothing is known. */
    UNAVAILABLE
  }

  /** The outcome, with the stage when it was restored. */
  record Lookup(Found found, Sandbox sandbox, StageSummary summary, long bytes) {
    static Lookup of(Found found) {
      return new Lookup(found, null, null, 0);
    }
  }

  private final CacheRepository repository;
  private final Path scratch;

  /**
   * @param scratch where blobs are downloaded to, in the work directory
   */
  StageEntryReader(CacheRepository repository, Path scratch) {
    this.repository = repository;
    this.scratch = scratch;
  }

  /**
   * Restores {@code spec}'s stage from its entry into {@code sandboxRoot} (absent or empty).
   *
   * @throws EntryException if there is an entry that cannot be used; {@code sandboxRoot} is then
   *     deleted
   */
  Lookup restore(PortableStageKey key, StageSpec spec, Path sandboxRoot, Instant now)
      throws EntryException {
    SharedCacheSpec settings = repository.spec();
    String tag = key.tag();
    String where = repository.location() + ":" + tag;
    Optional<Optional<Digest>> tagged = repository.resolve(tag);
    if (tagged.isEmpty()) {
      return Lookup.of(Found.UNAVAILABLE);
    }
    if (tagged.get().isEmpty()) {
      return Lookup.of(Found.NONE);
    }
    Optional<byte[]> bytes = repository.pullManifest(tagged.get().get());
    if (bytes.isEmpty()) {
      return Lookup.of(Found.UNAVAILABLE);
    }
    EntryManifest manifest = EntryManifest.parse(bytes.get(), where);
    Descriptor[] blobs = check(manifest, key, spec, where, settings.maxEntryBytes());
    if (stale(created(manifest, where), settings.maxAge(), now)) {
      return Lookup.of(Found.STALE);
    }
    Descriptor tree = blobs[0];
    Descriptor summaryBlob = blobs[1];
    try {
      Optional<StageSummary> summary = summary(summaryBlob, spec, where);
      if (summary.isEmpty()) {
        return Lookup.of(Found.UNAVAILABLE);
      }
      Optional<Sandbox> sandbox = tree(tree, sandboxRoot, where);
      if (sandbox.isEmpty()) {
        HostFiles.deleteTree(sandboxRoot);
        return Lookup.of(Found.UNAVAILABLE);
      }
      return new Lookup(Found.RESTORED, sandbox.get(), summary.get(), tree.size());
    } catch (EntryException e) {
      deleteQuietly(sandboxRoot, e);
      throw e;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(sandboxRoot, e);
      throw new EntryException(where + ": " + e.getMessage(), e);
    }
  }

  /** The tree and summary descriptors, once the manifest is this stage's entry. */
  private static Descriptor[] check(
      EntryManifest manifest, PortableStageKey key, StageSpec spec, String where, long maxBytes)
      throws EntryException {
    if (!StageEntry.ARTIFACT_TYPE.equals(manifest.artifactType())) {
      throw new EntryException(
          where
              + " is a "
              + manifest.artifactType()
              + ", not a stage entry ("
              + StageEntry.ARTIFACT_TYPE
              + ")");
    }
    if (!key.hex().equals(manifest.annotation(StageEntry.KEY))
        || !spec.name().equals(manifest.annotation(StageEntry.NAME))) {
      throw new EntryException(
          where + " is the entry of another stage or key: it was copied or planted under this tag");
    }
    if (manifest.layers().size() != 2
        || !manifest.layers().get(0).mediaType().equals(StageEntry.TREE_TYPE)
        || !manifest.layers().get(1).mediaType().equals(StageEntry.SUMMARY_TYPE)) {
      throw new EntryException(where + " does not hold a stage tree and a summary");
    }
    Descriptor tree = manifest.layers().get(0);
    Descriptor summary = manifest.layers().get(1);
    if (!EntrySeal.matches(
        manifest.annotation(StageEntry.SEAL),
        key.sealKey(),
        key.hex(),
        spec.name(),
        manifest.annotation(StageEntry.CREATED),
        manifest.layers())) {
      throw new EntryException(
          where
              + ": its seal does not match this stage's inputs (edited, or made by someone who"
              + " does not have them)");
    }
    if (summary.size() > StageEntry.MAX_SUMMARY_BYTES || tree.size() > maxBytes - summary.size()) {
      throw new EntryException(
          where
              + " holds "
              + (tree.size() + summary.size())
              + " bytes, more than "
              + ConfigPaths.POM.sharedCache().maxEntrySize()
              + " ("
              + maxBytes
              + ")");
    }
    return new Descriptor[] {tree, summary};
  }

  /**
   * Whether an entry pushed at {@code created} is past {@code maxAge} ({@code null}: no limit).
   * Counted back from now: the created time is the pusher's word, and one near the end of time must
   * not overflow into a failed build.
   */
  static boolean stale(Instant created, Duration maxAge, Instant now) {
    return maxAge != null && created.isBefore(now.minus(maxAge));
  }

  private static Instant created(EntryManifest manifest, String where) throws EntryException {
    try {
      return Instant.parse(manifest.annotation(StageEntry.CREATED));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new EntryException(where + " has no valid " + StageEntry.CREATED + " annotation");
    }
  }

  private Optional<StageSummary> summary(Descriptor blob, StageSpec spec, String where)
      throws IOException {
    Path file = Files.createTempFile(scratch, "summary-", ".json");
    try {
      if (!repository.pullBlob(blob, file)) {
        return Optional.empty();
      }
      StageSummary summary;
      try {
        summary =
            StageSummaryJson.fromTree(
                JsonTrees.parse(
                    Files.readAllBytes(file), StageEntry.MAX_SUMMARY_BYTES, where + " summary"));
      } catch (UserInputException | IllegalArgumentException e) {
        throw new EntryException(where + ": its summary is unreadable: " + e.getMessage(), e);
      }
      if (!summary.name().equals(spec.name())) {
        throw new EntryException(where + ": its summary is of stage " + summary.name());
      }
      return Optional.of(summary);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private Optional<Sandbox> tree(Descriptor blob, Path sandboxRoot, String where)
      throws IOException {
    Path file = Files.createTempFile(scratch, "tree-", ".tar.zst");
    try {
      if (!repository.pullBlob(blob, file)) {
        return Optional.empty();
      }
      Sandbox sandbox = Sandbox.create(sandboxRoot);
      try (InputStream in = Files.newInputStream(file)) {
        new ArchiveExtractor().applyLayer(in, sandbox, "shared cache entry " + where);
      } catch (UserInputException e) {
        throw new EntryException(e.getMessage(), e);
      }
      return Optional.of(sandbox);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void deleteQuietly(Path sandboxRoot, Exception failure) {
    try {
      HostFiles.deleteTree(sandboxRoot);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
