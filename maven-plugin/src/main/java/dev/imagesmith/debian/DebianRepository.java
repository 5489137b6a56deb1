package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferException;
import dev.imagesmith.store.ContentStore;
import dev.imagesmith.store.KeyedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One suite of a Debian repository, read the way apt reads it and trusted the same way: {@code
 * InRelease} verified with OpenPGP, each {@code Packages} index checked against the SHA-256 the
 * signed text gives, each {@code .deb} against the SHA-256 of its index stanza (or of the lock).
 * Every verified file is kept in the {@link DebianCache}; the last verified InRelease of each URL
 * is kept too (and verified again when read), so that {@code mvn -o} can resolve from the cache.
 * URLs appear in the log and in errors with their secrets masked ({@link Redaction}): a mirror's
 * URL may carry {@code user:password@} or a token.
 */
public final class DebianRepository {
  /**
   * gzip first: about 40% more to download than xz (once, it is cached), but it decompresses
   * several times faster in Java, and every resolution reads the whole index.
   */
  private static final String[] INDEX_NAMES = {"Packages.gz", "Packages.xz", "Packages"};

  /** Contents indexes as mirrors serve them (the uncompressed one is listed but rarely there). */
  private static final String[] CONTENTS_NAMES = {"Contents-ARCH.gz", "Contents-ARCH.xz"};

  private static final int MAX_IN_RELEASE_BYTES = 64 << 20;

  private final URI root;
  private final String suite;
  private final InReleaseVerifier verifier;
  private final ContentStore cache;
  private final KeyedFiles inReleaseCache;
  private final boolean offline;
  private final RepositoryClient client;
  private final BuildLog log;
  private final Clock clock;
  private ReleaseFile release;

  /**
   * @param cacheDirectory the user's cache; files go below {@code debian/}
   * @param offline use the cache only
   * @param clock the build's clock, against which the Release's {@code Valid-Until} and {@code
   *     Date} are checked
   */
  public DebianRepository(
      URI root,
      String suite,
      InReleaseVerifier verifier,
      Path cacheDirectory,
      boolean offline,
      RepositoryClient client,
      BuildLog log,
      Clock clock) {
    this.root = root;
    this.suite = suite;
    this.verifier = verifier;
    this.cache = DebianCache.files(cacheDirectory);
    this.inReleaseCache = DebianCache.inRelease(cacheDirectory);
    this.offline = offline;
    this.client = client;
    this.log = log;
    this.clock = clock;
  }

  public URI root() {
    return root;
  }

  /** The verified Release of the suite (fetched once per instance). */
  public ReleaseFile release() throws IOException {
    if (release != null) {
      return release;
    }
    URI url = RepositoryClient.resolve(root, "dists/" + suite + "/InRelease");
    String shown = client.describe(url);
    String saved = KeyedFiles.nameOf(url.toString());
    byte[] bytes;
    if (offline) {
      // Verified again below like a download; read only if it is a regular file of the cache.
      bytes =
          inReleaseCache
              .read(saved, MAX_IN_RELEASE_BYTES)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          shown
                              + " is not in the cache and Maven is offline; build once online"
                              + " (which also writes image-debian.lock, after which no index is"
                              + " needed)"));
    } else {
      log.info("  fetching " + shown);
      try (InputStream in = client.open(url, log)) {
        bytes = in.readNBytes(MAX_IN_RELEASE_BYTES);
      } catch (TransferException e) {
        throw RepositoryClient.stopped(e);
      }
    }
    InReleaseVerifier.Verified verified = verifier.verify(bytes, shown, clock.instant());
    log.debug("  " + shown + " is signed by key " + verified.signer());
    for (String warning : verified.warnings()) {
      log.warn("  " + shown + ": " + warning);
    }
    ReleaseFile parsed;
    try {
      parsed = ReleaseFile.parse(verified.text());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(shown + ": " + e.getMessage() + "; it is not a Release file");
    }
    ReleaseValidity.check(parsed, shown, clock.instant());
    if (!offline) {
      // Only a Release we would use is kept for offline builds.
      inReleaseCache.write(saved, bytes);
    }
    release = parsed;
    return release;
  }

  /**
   * Reads the {@code Packages} indexes of {@code components} for {@code architecture}.
   *
   * @throws UserInputException if the suite lacks the component or architecture, or an index does
   *     not match the signed hash
   */
  public PackageIndex index(List<String> components, String architecture) throws IOException {
    ReleaseFile signed = release();
    if (!signed.architectures().isEmpty() && !signed.architectures().contains(architecture)) {
      throw new UserInputException(
          "suite "
              + suite
              + " of "
              + Redaction.url(root)
              + " has no architecture "
              + architecture
              + " (it has "
              + String.join(" ", signed.architectures())
              + ")");
    }
    PackageIndex index = new PackageIndex(architecture);
    for (String component : components) {
      if (!signed.components().isEmpty() && !signed.components().contains(component)) {
        throw new UserInputException(
            "suite "
                + suite
                + " of "
                + Redaction.url(root)
                + " has no component "
                + component
                + " (it has "
                + String.join(" ", signed.components())
                + ")");
      }
      String directory = component + "/binary-" + architecture + "/";
      String name = null;
      ReleaseFile.FileHash hash = null;
      for (String candidate : INDEX_NAMES) {
        hash = signed.files().get(directory + candidate);
        if (hash != null) {
          name = candidate;
          break;
        }
      }
      if (hash == null) {
        throw new UserInputException(
            "the signed Release of "
                + suite
                + " at "
                + Redaction.url(root)
                + " lists no "
                + directory
                + "Packages index");
      }
      String path =
          signed.acquireByHash() ? directory + "by-hash/SHA256/" + hash.sha256() : directory + name;
      URI url = RepositoryClient.resolve(root, "dists/" + suite + "/" + path);
      Path file = fetchVerified(url, hash.sha256(), "the signed Release of " + suite, MID_UPDATE);
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  dev.imagesmith.fs.archive.Decompression.open(Files.newInputStream(file)),
                  StandardCharsets.UTF_8),
              1 << 16)) {
        index.add(reader, Redaction.url(url));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage() + "; the index is not usable");
      }
    }
    return index;
  }

  /**
   * The {@code Contents-<architecture>} indexes of {@code components} (which package ships which
   * file), verified against the signed Release like the {@code Packages} index and kept in the
   * cache by their SHA-256; compressed as the mirror serves them. A component whose Release lists
   * no such index is left out.
   *
   * @throws UserInputException if no component has one, or an index does not match the signed hash
   */
  public List<Path> contents(List<String> components, String architecture) throws IOException {
    ReleaseFile signed = release();
    List<Path> files = new java.util.ArrayList<>();
    for (String component : components) {
      String directory = component + "/";
      for (String candidate : CONTENTS_NAMES) {
        String name = candidate.replace("ARCH", architecture);
        ReleaseFile.FileHash hash = signed.files().get(directory + name);
        if (hash == null) {
          continue;
        }
        String path =
            signed.acquireByHash()
                ? directory + "by-hash/SHA256/" + hash.sha256()
                : directory + name;
        URI url = RepositoryClient.resolve(root, "dists/" + suite + "/" + path);
        files.add(fetchVerified(url, hash.sha256(), "the signed Release of " + suite, MID_UPDATE));
        break;
      }
    }
    if (files.isEmpty()) {
      throw new UserInputException(
          "the signed Release of "
              + suite
              + " at "
              + Redaction.url(root)
              + " lists no Contents-"
              + architecture
              + " index for "
              + String.join(", ", components));
    }
    return files;
  }

  /**
   * What to do about a file a signed index lists that the repository does not serve: a mirror
   * between syncs has new indexes before their files, or has dropped files old indexes still list.
   */
  public static final String MID_UPDATE =
      "the repository is part-way through an update (a mirror syncing); build again later or use"
          + " another mirror";

  /**
   * The verified {@code .deb}, from the cache or downloaded into it.
   *
   * @param promisedBy what lists the file (the lock, or the signed index), for messages
   * @param whenGone what the user can do when the repository does not have it
   */
  public Path deb(LockedPackage pkg, String promisedBy, String whenGone) throws IOException {
    URI url = RepositoryClient.resolve(root, pkg.filename());
    return fetchVerified(url, pkg.sha256(), promisedBy, whenGone);
  }

  private Path fetchVerified(URI url, String sha256, String promisedBy, String whenGone)
      throws IOException {
    String shown = client.describe(url);
    Optional<Path> cached = cache.get(sha256);
    if (cached.isPresent()) {
      log.debug("  " + shown + " found in the cache (sha256 " + sha256 + ")");
      return cached.get();
    }
    if (offline) {
      throw new UserInputException(
          shown
              + " (sha256 "
              + sha256
              + ") is not in the cache and Maven is offline; build once online");
    }
    log.debug("  " + shown + " not in the cache (sha256 " + sha256 + ")");
    log.info("  fetching " + shown);
    try (InputStream in = client.open(url, log)) {
      return cache.put(sha256, in);
    } catch (RepositoryClient.Missing e) {
      throw new UserInputException(
          e.shown()
              + " does not exist"
              + e.status()
              + ", although "
              + promisedBy
              + " lists it; "
              + whenGone);
    } catch (TransferException e) {
      throw RepositoryClient.stopped(e);
    } catch (ContentStore.Mismatch e) {
      throw new UserInputException(
          shown
              + " has sha256 "
              + e.actual()
              + " but "
              + promisedBy
              + " expects "
              + sha256
              + "; the mirror is inconsistent or the file was altered. Nothing was installed;"
              + " retry later or use another mirror");
    }
  }
}
