package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.Manifest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.OciLayoutReader;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.io.TaskFailures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes the image of an OCI layout (what {@code image:build} wrote) to a registry, digest for
 * digest: every blob is checked against its descriptor before it leaves, blobs the registry has are
 * skipped (HEAD first), base layers from the same registry are mounted, the manifest goes last and
 * is our exact bytes, and the digest the registry reports must equal ours (N18, O13).
 */
public final class RegistryPusher {
  /** Where a built image names its base (set by the build for registry bases). */
  public static final String BASE_NAME = "org.opencontainers.image.base.name";

  /**
   * Blob uploads at once: enough to overlap one upload's round trips and checksum with another's
   * transfer, few enough not to flood a registry or the two cores that also hash.
   */
  static final int UPLOADS = 3;

  private final Registries registries;
  private final BuildLog log;
  private final Duration interval;

  public RegistryPusher(Registries registries, BuildLog log) {
    this(registries, log, Progress.DEFAULT_INTERVAL);
  }

  /**
   * @param interval how often uploads still running say how far they are
   */
  RegistryPusher(Registries registries, BuildLog log, Duration interval) {
    this.registries = registries;
    this.log = log;
    this.interval = interval;
  }

  /**
   * Pushes the image {@code expected} from {@code layout} to every reference.
   *
   * @param references full references, one repository, e.g. {@code host/team/app:1.0}
   * @param where the XML path of the image's name, named if a reference does not parse
   */
  public PushResult push(Path layout, Digest expected, List<String> references, String where)
      throws IOException {
    if (references.isEmpty()) {
      throw new IllegalArgumentException("nothing to push to");
    }
    RegistryRef first = RegistryRef.parse(references.get(0), where);
    for (String reference : references) {
      RegistryRef ref = RegistryRef.parse(reference, where);
      if (!ref.registry().equals(first.registry())
          || !ref.repository().equals(first.repository())) {
        throw new IllegalArgumentException("references of one push share a repository");
      }
    }
    RegistryClient client = registries.client(first.registry());
    String repository = first.repository();
    IndexEntry entry = PushLayout.entry(layout, expected);
    if (MediaTypes.OCI_INDEX.equals(entry.descriptor().mediaType())) {
      return pushIndex(client, first, layout, entry, references, where);
    }
    SourceImage image = PushLayout.read(layout, entry);
    int[] counts = pushBlobs(client, first, layout, image.manifest());
    List<String> pushed =
        pushManifest(
            client,
            repository,
            references,
            where,
            image.manifest().mediaType(),
            PushLayout.readVerified(layout, image.manifestDescriptor()),
            expected);
    // The SBOM and provenance follow the image they refer to.
    ReferrerPush.push(client, repository, layout, expected, log);
    return new PushResult(pushed, expected, counts[0], counts[1], counts[2]);
  }

  /**
   * A multi-platform image: each platform's blobs and manifest (by digest, untagged), its SBOM and
   * provenance, then the index under every tag, so that no tag ever names a manifest the registry
   * lacks.
   */
  private PushResult pushIndex(
      RegistryClient client,
      RegistryRef first,
      Path layout,
      IndexEntry entry,
      List<String> references,
      String where)
      throws IOException {
    String repository = first.repository();
    byte[] indexBytes = PushLayout.readVerified(layout, entry.descriptor());
    ImageIndex index =
        ImageIndex.parse(indexBytes, layout + " index " + entry.descriptor().digest());
    int[] total = new int[3];
    for (IndexEntry platform : index.manifests()) {
      if (platform.platform() == null
          || !MediaTypes.OCI_MANIFEST.equals(platform.descriptor().mediaType())) {
        throw new UserInputException(
            layout
                + ": the index "
                + entry.descriptor().digest()
                + " names "
                + platform.descriptor().digest()
                + ", which is not an image manifest with a platform; run image:build again");
      }
      SourceImage image =
          OciLayoutReader.read(layout, entry.refName().orElse(null), platform.platform());
      if (!image.manifestDescriptor().digest().equals(platform.descriptor().digest())) {
        throw new UserInputException(
            layout
                + ": the index names two images for "
                + platform.platform()
                + "; run image:build again");
      }
      int[] counts = pushBlobs(client, first, layout, image.manifest());
      for (int i = 0; i < 3; i++) {
        total[i] += counts[i];
      }
      Digest digest = platform.descriptor().digest();
      Digest answered =
          client.pushManifest(
              repository,
              digest.toString(),
              image.manifest().mediaType(),
              PushLayout.readVerified(layout, image.manifestDescriptor()));
      if (!answered.equals(digest)) {
        throw changed(first.registry(), repository, digest.toString(), answered, digest);
      }
      log.info(
          "Pushed "
              + first.registry()
              + "/"
              + repository
              + "@"
              + digest
              + " ("
              + platform.platform()
              + ")");
      ReferrerPush.push(client, repository, layout, digest, log);
    }
    Digest expected = entry.descriptor().digest();
    List<String> pushed =
        pushManifest(
            client, repository, references, where, MediaTypes.OCI_INDEX, indexBytes, expected);
    return new PushResult(pushed, expected, total[0], total[1], total[2]);
  }

  /**
   * Sends the blobs of {@code manifest} the registry lacks: present ones are skipped, base layers
   * mounted where they can be, the rest uploaded.
   *
   * @return how many were uploaded, mounted and already present
   */
  private int[] pushBlobs(RegistryClient client, RegistryRef first, Path layout, Manifest manifest)
      throws IOException {
    String repository = first.repository();
    String mountFrom = mountSource(manifest, first);
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    manifest.layers().forEach(layer -> blobs.putIfAbsent(layer.digest(), layer));
    blobs.putIfAbsent(manifest.config().digest(), manifest.config());
    int mounted = 0;
    int present = 0;
    boolean tryMount = mountFrom != null;
    List<Descriptor> toUpload = new ArrayList<>();
    for (Descriptor blob : blobs.values()) {
      // Present and mounted blobs send no byte; an uploaded one is hashed while it is sent.
      PushLayout.requireBlobFile(PushLayout.blobFile(layout, blob.digest()), blob);
      if (client.blobExists(repository, blob)) {
        present++;
        log.debug("  blob " + blob.digest() + " already in " + repository);
        continue;
      }
      // Base layers come first in the manifest; the first one the registry will not mount ends
      // the attempts, so a layer of our own never costs a useless mount request.
      if (tryMount && !blob.equals(manifest.config())) {
        if (client.mountBlob(repository, blob, mountFrom)) {
          mounted++;
          log.info("  mounted " + blob.digest() + " from " + mountFrom);
          continue;
        }
        tryMount = false;
      }
      toUpload.add(blob);
    }
    upload(client, repository, layout, toUpload);
    return new int[] {toUpload.size(), mounted, present};
  }

  /**
   * Puts the manifest (or index) under every reference's tag; the registry must keep its digest.
   */
  private List<String> pushManifest(
      RegistryClient client,
      String repository,
      List<String> references,
      String where,
      String mediaType,
      byte[] bytes,
      Digest expected)
      throws IOException {
    List<String> pushed = new ArrayList<>();
    for (String reference : references) {
      RegistryRef ref = RegistryRef.parse(reference, where);
      Digest answered = client.pushManifest(repository, ref.tag(), mediaType, bytes);
      if (!answered.equals(expected)) {
        throw changed(ref.registry(), repository, ref.tag(), answered, expected);
      }
      pushed.add(reference);
      log.info("Pushed " + reference + "@" + expected);
    }
    return pushed;
  }

  private static ImagesmithException changed(
      String registry, String repository, String tag, Digest answered, Digest expected) {
    return new ImagesmithException(
        "registry "
            + registry
            + ", repository "
            + repository
            + ": push manifest "
            + tag
            + " answered digest "
            + answered
            + " but the image is "
            + expected
            + "; the registry changed the manifest, so the digest in target/image/digest is"
            + " not what it serves");
  }

  /**
   * Uploads {@code blobs} at most {@link #UPLOADS} at a time, and returns only when every one is
   * confirmed (the manifest must never name a blob the registry does not have yet). The log names
   * them in manifest order and a failure is the first failed blob's in that order, whatever the
   * timing; the rest are cancelled.
   */
  private void upload(RegistryClient client, String repository, Path layout, List<Descriptor> blobs)
      throws IOException {
    if (blobs.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(UPLOADS, blobs.size()),
            task -> {
              Thread thread = new Thread(task, "imagesmith-upload");
              thread.setDaemon(true);
              return thread;
            });
    LongAdder sent = new LongAdder();
    long total = blobs.stream().mapToLong(Descriptor::size).sum();
    String pushing =
        "Pushing "
            + blobs.size()
            + (blobs.size() == 1 ? " blob" : " blobs")
            + " to "
            + client.registry()
            + "/"
            + repository;
    log.info(pushing + " (" + Progress.bytes(total) + ")");
    try (Progress progress = new Progress(log, pushing, total, sent::sum, interval)) {
      List<Future<?>> uploads = new ArrayList<>();
      for (Descriptor blob : blobs) {
        Path file = PushLayout.blobFile(layout, blob.digest());
        uploads.add(
            pool.submit(
                () -> {
                  client.pushBlob(repository, blob, file, sent::add);
                  return null;
                }));
      }
      for (int i = 0; i < blobs.size(); i++) {
        Descriptor blob = blobs.get(i);
        try {
          uploads.get(i).get();
        } catch (ExecutionException e) {
          uploads.forEach(other -> other.cancel(true));
          throw TaskFailures.rethrow(e, "uploading " + blob.digest());
        } catch (InterruptedException e) {
          uploads.forEach(other -> other.cancel(true));
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while uploading " + blob.digest());
        }
        log.info("  uploaded " + blob.digest() + " (" + Progress.bytes(blob.size()) + ")");
      }
      log.info(
          "Pushed "
              + blobs.size()
              + (blobs.size() == 1 ? " blob" : " blobs")
              + " to "
              + client.registry()
              + "/"
              + repository
              + " ("
              + progress.summary()
              + ")");
    } finally {
      pool.shutdownNow();
    }
  }

  /** The repository of a registry base on the same registry, which layers can be mounted from. */
  private static String mountSource(Manifest manifest, RegistryRef target) {
    String base = manifest.annotations().get(BASE_NAME);
    if (base == null) {
      return null;
    }
    try {
      RegistryRef ref = RegistryRef.parse(base, "annotation " + BASE_NAME);
      return ref.registry().equals(target.registry())
              && !ref.repository().equals(target.repository())
          ? ref.repository()
          : null;
    } catch (UserInputException e) {
      return null;
    }
  }
}
