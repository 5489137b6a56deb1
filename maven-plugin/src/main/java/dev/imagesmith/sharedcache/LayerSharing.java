package dev.imagesmith.sharedcache;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.archive.Decompression;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.VerifyingInputStream;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.layer.SharedLayers;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compressed layers in the shared cache: an {@link EntryManifest} of artifact type {@value
 * #ARTIFACT_TYPE}, tagged {@code layer-<layer key>}, whose one layer is the layer blob itself, the
 * very blob an image holds (same media type, same digest), so that a registry keeps it once for the
 * image and the cache. Annotations: the key, the diffID and uncompressed size, the push time, the
 * plugin version and the seal (an HMAC under the layer key's seal key, as the local key files
 * have).
 *
 * <p>Read: the blob is downloaded into the build's blob directory, checked against its digest and,
 * decompressed, against the sealed diffID and size, and only then put in place; the local layer
 * cache then keeps it too. An entry pushed longer ago than the shared cache's age limit is not
 * used, as a stage entry is not, and a pushing build replaces it. Pushed: a blob the repository has
 * is not sent again, one the image's repository on the same registry has is mounted from there; the
 * manifest last.
 */
final class LayerSharing implements SharedLayers {
  static final String ARTIFACT_TYPE = "application/vnd.imagesmith.layer.v1";
  static final String KEY = "dev.imagesmith.layer.key";
  static final String DIFF_ID = "dev.imagesmith.layer.diffid";
  static final String UNCOMPRESSED_SIZE = "dev.imagesmith.layer.uncompressed-size";

  /** The layer media types an entry may hold, with the compression its bytes must then have. */
  private static final Map<String, Decompression.Format> LAYER_TYPES =
      Map.of(
          MediaTypes.OCI_LAYER, Decompression.Format.NONE,
          MediaTypes.OCI_LAYER_GZIP, Decompression.Format.GZIP,
          MediaTypes.OCI_LAYER_ZSTD, Decompression.Format.ZSTD);

  private final CacheRepository repository;
  private final Path scratch;
  private final BuildLog log;
  private volatile String mountFrom;
  private final Set<String> offered = ConcurrentHashMap.newKeySet();

  /** Keys whose entry is damaged, foreign or past the age limit: a pushing build replaces it. */
  private final Set<String> unusable = ConcurrentHashMap.newKeySet();

  private final Set<String> absent = ConcurrentHashMap.newKeySet();

  /**
   * @param mountFrom a repository of the cache's registry whose blobs may be mounted, or null
   * @param scratch the shared cache's directory in the work directory
   */
  LayerSharing(CacheRepository repository, String mountFrom, Path scratch, BuildLog log) {
    this.repository = repository;
    this.scratch = scratch;
    this.mountFrom = mountFrom;
    this.log = log;
  }

  static String tag(String key) {
    return "layer-" + key;
  }

  @Override
  public Optional<Fetched> fetch(String key, byte[] sealKey, Path blobDirectory)
      throws IOException {
    String tag = tag(key);
    Optional<Optional<Digest>> tagged = repository.resolve(tag);
    if (tagged.isEmpty()) {
      return Optional.empty();
    }
    if (tagged.get().isEmpty()) {
      absent.add(key); // known missing: an offer need not ask again
      return Optional.empty();
    }
    String where = repository.location() + ":" + tag;
    try {
      Optional<byte[]> bytes = repository.pullManifest(tagged.get().get());
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      Entry entry = check(EntryManifest.parse(bytes.get(), where), key, sealKey, where);
      Duration maxAge = repository.spec().maxAge();
      if (StageEntryReader.stale(entry.created(), maxAge, Instant.now())) {
        // As a stage entry past the limit: not used, and replaced when this build pushes.
        unusable.add(key);
        log.info(
            "  layer key "
                + key
                + ": the shared cache's entry "
                + where
                + " is older than the age limit ("
                + TransferLimits.describe(maxAge)
                + "): not used, the layer is compressed");
        return Optional.empty();
      }
      Optional<Fetched> fetched = download(entry, blobDirectory, where);
      fetched.ifPresent(
          layer ->
              log.info(
                  "  layer "
                      + layer.digest()
                      + " taken from the shared cache "
                      + where
                      + " ("
                      + Sizes.human(layer.size())
                      + "), not compressed here"));
      return fetched;
    } catch (EntryException e) {
      unusable.add(key);
      log.warn(
          "Shared cache: the entry for layer key "
              + key
              + " is not used ("
              + e.getMessage()
              + "); the layer is compressed");
      return Optional.empty();
    }
  }

  /** What a checked entry says of its layer, and when it was pushed. */
  private record Entry(Descriptor blob, Digest diffId, long uncompressedSize, Instant created) {}

  private Entry check(EntryManifest manifest, String key, byte[] sealKey, String where)
      throws EntryException {
    if (!ARTIFACT_TYPE.equals(manifest.artifactType())) {
      throw new EntryException(where + " is a " + manifest.artifactType() + ", not a layer entry");
    }
    if (!key.equals(manifest.annotation(KEY))) {
      throw new EntryException(where + " is the entry of another layer key");
    }
    if (manifest.layers().size() != 1
        || !LAYER_TYPES.containsKey(manifest.layers().get(0).mediaType())) {
      throw new EntryException(where + " does not hold one OCI layer");
    }
    Descriptor blob = manifest.layers().get(0);
    String created = manifest.annotation(StageEntry.CREATED);
    String diffId = manifest.annotation(DIFF_ID);
    String uncompressed = manifest.annotation(UNCOMPRESSED_SIZE);
    if (!EntrySeal.matches(
        manifest.annotation(StageEntry.SEAL),
        sealKey,
        sealFields(key, created, blob, diffId, uncompressed))) {
      throw new EntryException(
          where + ": its seal does not match this layer's inputs (edited, copied or planted)");
    }
    if (blob.size() > repository.spec().maxEntryBytes()) {
      throw new EntryException(
          where
              + " holds "
              + blob.size()
              + " bytes, more than "
              + ConfigPaths.POM.sharedCache().maxEntrySize());
    }
    try {
      return new Entry(
          blob,
          Digest.parse(diffId, where),
          Long.parseLong(uncompressed),
          Instant.parse(String.valueOf(created)));
    } catch (UserInputException | NumberFormatException | DateTimeParseException e) {
      throw new EntryException(where + " has no valid diffID, size or created time", e);
    }
  }

  /** The blob into {@code blobDirectory}, verified, or empty when the registry did not answer. */
  private Optional<Fetched> download(Entry entry, Path blobDirectory, String where)
      throws IOException {
    Descriptor blob = entry.blob();
    Files.createDirectories(blobDirectory);
    try (AtomicFile.Staged temp = AtomicFile.stage(blobDirectory, "shared-layer")) {
      Path file = temp.create();
      if (!repository.pullBlob(blob, file)) {
        return Optional.empty();
      }
      verifyUncompressed(entry, file, where);
      Path target = blobDirectory.resolve(blob.digest().encoded());
      temp.publish(AtomicFile.to(target).mode(0644));
      return Optional.of(
          new Fetched(
              blob.digest(),
              entry.diffId(),
              blob.size(),
              entry.uncompressedSize(),
              blob.mediaType(),
              target));
    }
  }

  /**
   * Checks the downloaded blob's uncompressed bytes against the diffID and size the seal vouches
   * for, before the image's config names them. Its digest was checked as it was downloaded into
   * this build's own file, so the compressed bytes are not hashed again; its compression must be
   * the one its media type names, or the image would hold a layer that says one thing and is
   * another. A stream that does not decompress is the entry's fault, like a wrong diffID.
   */
  private static void verifyUncompressed(Entry entry, Path file, String where) throws IOException {
    Descriptor blob = entry.blob();
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(6);
    }
    if (Decompression.detect(head) != LAYER_TYPES.get(blob.mediaType())) {
      throw new EntryException(
          where + ": its blob is not compressed as its media type " + blob.mediaType() + " says");
    }
    try (VerifyingInputStream tar =
        new VerifyingInputStream(
            Decompression.open(Files.newInputStream(file)),
            entry.diffId(),
            VerifyingInputStream.UNKNOWN_SIZE,
            "layer " + where + " (uncompressed)")) {
      tar.drainAndVerify();
      if (tar.count() != entry.uncompressedSize()) {
        throw new EntryException(
            where
                + ": uncompressed it has "
                + tar.count()
                + " bytes, the entry says "
                + entry.uncompressedSize());
      }
    } catch (EntryException e) {
      throw e;
    } catch (UserInputException | IOException e) {
      throw new EntryException(where + ": its blob does not decompress: " + e.getMessage(), e);
    }
  }

  @Override
  public void offer(String key, byte[] sealKey, WrittenLayer layer) throws IOException {
    if (!repository.spec().push() || repository.unavailable() || !offered.add(key)) {
      return;
    }
    if (layer.compressedSize() > repository.spec().maxEntryBytes()) {
      log.info(
          "  layer "
              + layer.digest()
              + " not pushed to the shared cache: larger than "
              + ConfigPaths.POM.sharedCache().maxEntrySize());
      return;
    }
    String tag = tag(key);
    if (!unusable.contains(key) && !absent.contains(key)) {
      Optional<Optional<Digest>> present = repository.resolve(tag);
      if (present.isEmpty() || present.get().isPresent()) {
        return;
      }
    }
    Descriptor blob = layer.descriptor();
    if (!repository.ensureEmptyConfig(scratch) || !upload(blob, layer.blob())) {
      return;
    }
    String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String diffId = layer.diffId().toString();
    String uncompressed = Long.toString(layer.uncompressedSize());
    EntryManifest manifest =
        new EntryManifest(
            ARTIFACT_TYPE,
            List.of(blob),
            Map.of(
                KEY,
                key,
                DIFF_ID,
                diffId,
                UNCOMPRESSED_SIZE,
                uncompressed,
                StageEntry.VERSION,
                PluginVersion.get(),
                StageEntry.CREATED,
                created,
                StageEntry.SEAL,
                EntrySeal.of(sealKey, sealFields(key, created, blob, diffId, uncompressed))));
    repository
        .pushManifest(tag, manifest)
        .ifPresent(
            digest ->
                log.info(
                    "  layer "
                        + layer.digest()
                        + " pushed to the shared cache "
                        + repository.location()
                        + ":"
                        + tag));
  }

  /** What a layer entry's seal covers, one field a line. */
  private static List<String> sealFields(
      String key, String created, Descriptor blob, String diffId, String uncompressed) {
    return List.of(
        "layer",
        key,
        String.valueOf(created),
        blob.mediaType() + " " + blob.digest() + " " + blob.size(),
        String.valueOf(diffId),
        String.valueOf(uncompressed));
  }

  /**
   * Makes sure the repository has {@code blob}: there already, mounted from the image's repository,
   * or uploaded from {@code file}.
   *
   * @return false if the registry did not answer
   */
  private boolean upload(Descriptor blob, Path file) {
    Optional<Boolean> present = repository.hasBlob(blob);
    if (present.isEmpty()) {
      return false;
    }
    if (present.get()) {
      return true;
    }
    String from = mountFrom;
    if (from != null) {
      Optional<Boolean> mounted =
          repository.ask(
              "mount blob " + blob.digest(),
              repository.spec().timeout(),
              client -> client.mountBlob(repository.repository(), blob, from));
      if (mounted.isEmpty()) {
        return false;
      }
      if (mounted.get()) {
        log.debug("  shared cache: mounted " + blob.digest() + " from " + from);
        return true;
      }
      mountFrom = null; // declined once: the image is not there yet, upload from now on
    }
    return repository.pushBlob(blob, file);
  }
}
