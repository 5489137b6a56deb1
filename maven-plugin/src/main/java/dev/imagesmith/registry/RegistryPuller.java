package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.ImageDocument;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.Manifest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.SourceLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens a base image in a registry: resolves its tag (online, every time: a tag remembered in the
 * cache is never trusted then) or takes the digest the tag last resolved to from the cache
 * (offline, and says so with its age), picks the platform from an index, and makes sure manifest,
 * config and every layer are in the {@link BlobCache}, verified. The layers of the returned image
 * read from the cache and keep the registry's descriptors: a compressed base layer is never
 * recompressed. Online, each request asks the registry's {@link RegistryMirrors} first ({@link
 * PullSources}); what they serve is checked like the registry's own answers.
 */
public final class RegistryPuller {
  private static final int MAX_NESTED_INDEXES = 4;
  private static final int MAX_DOCUMENT = 4 * 1024 * 1024;

  private final Registries registries;
  private final BlobCache cache;
  private final BuildLog log;
  private final Duration interval;

  public RegistryPuller(Registries registries, BlobCache cache, BuildLog log) {
    this(registries, cache, log, Progress.DEFAULT_INTERVAL);
  }

  /**
   * @param interval how often a blob still downloading says how far it is
   */
  RegistryPuller(Registries registries, BlobCache cache, BuildLog log, Duration interval) {
    this.registries = registries;
    this.cache = cache;
    this.log = log;
    this.interval = interval;
  }

  /** The bytes of a download so far: the size of its temporary file (0 before it exists). */
  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The image {@code reference} names, for {@code platform}.
   *
   * @param where the XML path of the reference, named in errors
   */
  public SourceImage pull(String reference, Platform platform, String where) throws IOException {
    RegistryRef ref = RegistryRef.parse(reference, where);
    String name = ref.toString();
    PullSources sources = new PullSources(ref, registries, log);
    Digest top = resolve(ref, where, sources);
    Fetched document = document(ref, top, null, sources);
    for (int depth = 0; document.parsed() instanceof ImageIndex index; depth++) {
      if (depth >= MAX_NESTED_INDEXES) {
        throw new UserInputException(
            name + ": indexes nested more than " + MAX_NESTED_INDEXES + " deep");
      }
      IndexEntry entry = index.select(platform, name);
      document =
          document(ref, entry.descriptor().digest(), entry.descriptor().mediaType(), sources);
    }
    Manifest manifest = (Manifest) document.parsed();
    Descriptor configDescriptor = manifest.config();
    ensureBlob(ref, configDescriptor, "config", sources);
    byte[] configBytes =
        cache
            .read(configDescriptor.digest(), MAX_DOCUMENT)
            .orElseThrow(
                () ->
                    new UserInputException(
                        name
                            + ": config "
                            + configDescriptor.digest()
                            + " exceeds the size limit"));
    ImageConfig config =
        ImageConfig.parse(configBytes, name + " config " + configDescriptor.digest());
    if (config.diffIds().size() != manifest.layers().size()) {
      throw new UserInputException(
          name
              + ": manifest "
              + document.digest()
              + " has "
              + manifest.layers().size()
              + " layers but its config lists "
              + config.diffIds().size()
              + " diff_ids; the image is broken");
    }
    List<SourceLayer> layers = new ArrayList<>();
    int fetched = 0;
    for (int i = 0; i < manifest.layers().size(); i++) {
      Descriptor layer = manifest.layers().get(i);
      if (ensureBlob(ref, layer, "layer " + (i + 1) + "/" + manifest.layers().size(), sources)) {
        fetched++;
      }
      layers.add(
          new SourceLayer(
              layer,
              config.diffIds().get(i),
              "layer " + (i + 1) + " (" + layer.digest() + ") of " + name,
              () -> cache.open(layer.digest())));
    }
    log.info(
        "Base "
            + name
            + " "
            + document.digest()
            + ": "
            + fetched
            + " of "
            + layers.size()
            + " layers downloaded"
            + (sources.mirror() == null ? "" : " (from mirror " + sources.mirror() + ")")
            + ", the rest from the cache "
            + cache.pathOf(document.digest()).getParent());
    Descriptor manifestDescriptor =
        new Descriptor(manifest.mediaType(), document.digest(), document.size());
    return new SourceImage(name, manifestDescriptor, manifest, config, layers)
        .requirePlatform(platform);
  }

  private record Fetched(Digest digest, long size, ImageDocument parsed) {}

  private Digest resolve(RegistryRef ref, String where, PullSources sources) throws IOException {
    Optional<Digest> pinned = ref.pinned();
    if (pinned.isPresent()) {
      return pinned.get();
    }
    if (registries.options().offline()) {
      BlobCache.RememberedTag remembered =
          cache
              .rememberedTag(ref, log::warn)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          where
                              + ": base image "
                              + ref
                              + " is not in the cache and Maven is offline (-o); build once"
                              + " online or pin it by digest after pulling"));
      // Nothing can check this pointer offline: say where the digest came from and how old it is.
      log.info(
          "Base "
              + ref
              + ": Maven is offline (-o), so the tag was not asked of the registry; using "
              + remembered.digest()
              + ", which it resolved to "
              + age(remembered.resolved())
              + " ("
              + remembered.resolved().truncatedTo(ChronoUnit.SECONDS)
              + "), as recorded in "
              + remembered.file());
      return remembered.digest();
    }
    // HEAD first: a tag whose manifest is cached costs no download. A registry that answers HEAD
    // without a digest (or 404, which the GET then explains) gets a GET.
    Digest digest =
        sources.first(
            "tag " + ref.tag(),
            (client, repository) -> {
              Optional<Digest> head = client.manifestDigest(repository, ref.tag());
              return head.isPresent()
                  ? head.get()
                  : fetchAndStore(client, repository, ref.tag()).digest();
            });
    log.debug("Base " + ref + ": tag " + ref.tag() + " resolved to " + digest);
    cache.rememberTag(ref, digest, Instant.now());
    return digest;
  }

  /** "3 days ago", "5 minutes ago": how long ago {@code then} was. */
  static String age(Instant then) {
    long seconds = Math.max(0, Duration.between(then, Instant.now()).getSeconds());
    if (seconds < 120) {
      return seconds + " seconds ago";
    }
    if (seconds < 120 * 60) {
      return seconds / 60 + " minutes ago";
    }
    if (seconds < 48 * 3600) {
      return seconds / 3600 + " hours ago";
    }
    return seconds / 86400 + " days ago";
  }

  private Fetched document(
      RegistryRef ref, Digest digest, String expectedMediaType, PullSources sources)
      throws IOException {
    String where = ref + " manifest " + digest;
    Optional<byte[]> cached = cache.read(digest, MAX_DOCUMENT);
    byte[] bytes;
    String mediaType = expectedMediaType;
    if (cached.isPresent()) {
      log.debug("Blob cache: manifest " + digest + " found in " + cache.pathOf(digest));
      bytes = cached.get();
    } else {
      if (registries.options().offline()) {
        throw new UserInputException(
            where
                + " is not in the cache and Maven is offline (-o); build once online to fill the"
                + " cache");
      }
      RegistryClient.FetchedManifest fetched =
          sources.first(
              "manifest " + digest,
              (client, repository) -> fetchAndStore(client, repository, digest.toString()));
      bytes = fetched.bytes();
      if (mediaType == null) {
        mediaType = fetched.mediaType();
      }
    }
    return new Fetched(digest, bytes.length, ImageDocument.parse(bytes, mediaType, where));
  }

  private RegistryClient.FetchedManifest fetchAndStore(
      RegistryClient client, String repository, String reference) throws IOException {
    RegistryClient.FetchedManifest fetched = client.fetchManifest(repository, reference);
    cache.put(fetched.digest(), fetched.bytes());
    return fetched;
  }

  /** True when the blob had to be downloaded. */
  private boolean ensureBlob(RegistryRef ref, Descriptor blob, String what, PullSources sources)
      throws IOException {
    if (cache.holds(blob.digest(), blob.size())) {
      log.debug(
          "Blob cache: " + what + " " + blob.digest() + " found in " + cache.pathOf(blob.digest()));
      return false;
    }
    if (registries.options().offline()) {
      throw new UserInputException(
          ref
              + ": "
              + what
              + " "
              + blob.digest()
              + " is not in the cache and Maven is offline (-o); build once online to fill the"
              + " cache");
    }
    String pulling = "Pulling " + ref + " " + what + " " + blob.digest();
    log.debug(
        "Blob cache: " + what + " " + blob.digest() + " not in " + cache.pathOf(blob.digest()));
    log.info(pulling + " (" + Progress.bytes(blob.size()) + ")");
    String[] summary = new String[1];
    boolean fetched =
        cache.ensure(
            blob,
            temp -> {
              try (Progress progress =
                  new Progress(log, pulling, blob.size(), () -> sizeOf(temp), interval)) {
                sources.first(
                    what + " " + blob.digest(),
                    (client, repository) -> {
                      client.fetchBlob(repository, blob, temp);
                      return null;
                    });
                summary[0] = progress.summary();
              }
            });
    if (fetched) {
      log.info("Pulled " + ref + " " + what + " " + blob.digest() + " (" + summary[0] + ")");
    }
    return fetched;
  }
}
