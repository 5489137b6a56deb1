package dev.imagesmith.sharedcache;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The shared cache's repository as the build asks it: every question has a deadline, and the first
 * sign that the registry is unreachable, refuses us or answers too slowly ends the shared cache for
 * the rest of the build, with one warning, so that a registry that is down costs one bounded wait
 * per build, never a failed build. With {@code <sharedCacheRequired>} such a failure fails the
 * build instead, naming the registry and what to do.
 *
 * <p>What is wrong with one entry (a blob that is missing or has other bytes, a manifest that is
 * not ours) is no sign of the registry's health: it is thrown as an {@link EntryException} and the
 * caller skips that entry alone.
 *
 * <p>A question runs on a worker thread and is interrupted at its deadline; the HTTP client gives
 * up at the interruption, so no request outlives its question for long.
 */
final class CacheRepository {
  /**
   * The slowest transfer worth waiting for: a blob's deadline is the question's timeout plus its
   * size at this rate. A registry slower than that costs less to build without.
   */
  static final long MIN_BYTES_PER_SECOND = 2L << 20;

  private static final ExecutorService QUESTIONS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "imagesmith-shared-cache");
            thread.setDaemon(true);
            return thread;
          });

  /** One question to the registry. */
  interface Question<T> {
    T ask(RegistryClient client) throws IOException;
  }

  private final SharedCacheSpec spec;
  private final RegistryClient client;
  private final BuildLog log;
  private volatile String unavailable;
  private volatile boolean hasEmptyConfig;

  CacheRepository(SharedCacheSpec spec, RegistryClient client, BuildLog log) {
    this.spec = spec;
    this.client = client;
    this.log = log;
  }

  String repository() {
    return spec.repository();
  }

  /** {@code host[:port]/repository}. */
  String location() {
    return spec.location();
  }

  SharedCacheSpec spec() {
    return spec;
  }

  /** Whether an earlier question found the registry unusable for this build. */
  boolean unavailable() {
    return unavailable != null;
  }

  /** How long a transfer of {@code bytes} may take. */
  Duration transferDeadline(long bytes) {
    return spec.timeout().plusSeconds(bytes / MIN_BYTES_PER_SECOND);
  }

  /**
   * Asks a question about the registry itself (does a tag exist, push this): any failure means the
   * registry cannot serve this build.
   *
   * @return the answer, or empty when the registry is unusable (now or since an earlier question)
   */
  <T> Optional<T> ask(String operation, Duration deadline, Question<T> question) {
    try {
      return run(operation, deadline, question, false);
    } catch (EntryException e) {
      throw new IllegalStateException("not asked about an entry", e);
    }
  }

  /**
   * Asks a question about one entry (its manifest, its blobs): the registry refusing it or the
   * bytes not matching is the entry's fault and thrown; no answer is the registry's.
   *
   * @throws EntryException if the entry cannot be read as it should
   */
  <T> Optional<T> askAboutEntry(String operation, Duration deadline, Question<T> question)
      throws EntryException {
    return run(operation, deadline, question, true);
  }

  /** The digest {@code tag} names, empty inside when there is no such tag; empty if no answer. */
  Optional<Optional<Digest>> resolve(String tag) {
    return ask(
        "resolve tag " + tag, spec.timeout(), client -> client.manifestDigest(repository(), tag));
  }

  /**
   * The bytes of the entry manifest {@code digest} (checked against it); empty if no answer.
   *
   * @throws EntryException if the registry refuses it
   */
  Optional<byte[]> pullManifest(Digest digest) throws EntryException {
    return askAboutEntry(
        "pull manifest " + digest,
        spec.timeout(),
        client -> client.fetchManifest(repository(), digest.toString()).bytes());
  }

  /**
   * Downloads {@code blob} into {@code file}, checked against its digest and size; false if no
   * answer.
   *
   * @throws EntryException if the registry refuses it or the bytes do not match
   */
  boolean pullBlob(Descriptor blob, Path file) throws EntryException {
    return askAboutEntry(
            "pull blob " + blob.digest(),
            transferDeadline(blob.size()),
            client -> {
              client.fetchBlob(repository(), blob, file);
              return Boolean.TRUE;
            })
        .isPresent();
  }

  /** Whether the repository has {@code blob}; empty if no answer. */
  Optional<Boolean> hasBlob(Descriptor blob) {
    return ask(
        "check blob " + blob.digest(),
        spec.timeout(),
        client -> client.blobExists(repository(), blob));
  }

  /** Uploads {@code blob} from {@code file}; false if the registry did not take it. */
  boolean pushBlob(Descriptor blob, Path file) {
    return ask(
            "push blob " + blob.digest(),
            transferDeadline(blob.size()),
            client -> {
              client.pushBlob(repository(), blob, file);
              return Boolean.TRUE;
            })
        .isPresent();
  }

  /** Makes sure the repository has {@code blob}, uploading it from {@code file} if it has not. */
  boolean ensureBlob(Descriptor blob, Path file) {
    Optional<Boolean> present = hasBlob(blob);
    return present.isPresent() && (present.get() || pushBlob(blob, file));
  }

  /**
   * Makes sure the repository has the empty config every entry names: asked once a build, and its
   * two bytes written (to a temporary in {@code scratch}) only when it has to be uploaded.
   */
  boolean ensureEmptyConfig(Path scratch) throws IOException {
    if (hasEmptyConfig) {
      return true;
    }
    Descriptor config = EntryManifest.EMPTY_CONFIG_DESCRIPTOR;
    Optional<Boolean> present = hasBlob(config);
    if (present.isEmpty()) {
      return false;
    }
    if (!present.get()) {
      Path file = Files.createTempFile(scratch, "empty-config-", ".json");
      try {
        if (!pushBlob(config, Files.write(file, EntryManifest.EMPTY_CONFIG))) {
          return false;
        }
      } finally {
        Files.deleteIfExists(file);
      }
    }
    hasEmptyConfig = true;
    return true;
  }

  /**
   * Puts {@code manifest} under {@code tag}, last, once its blobs are there; empty if no answer.
   */
  Optional<Digest> pushManifest(String tag, EntryManifest manifest) {
    byte[] bytes = manifest.toJson();
    return ask(
        "push manifest " + tag,
        spec.timeout(),
        client -> client.pushManifest(repository(), tag, MediaTypes.OCI_MANIFEST, bytes));
  }

  private <T> Optional<T> run(
      String operation, Duration deadline, Question<T> question, boolean aboutEntry)
      throws EntryException {
    if (unavailable != null) {
      return Optional.empty();
    }
    Future<T> answer = QUESTIONS.submit(() -> question.ask(client));
    try {
      return Optional.ofNullable(answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      answer.cancel(true);
      giveUp(operation, "no answer within " + TransferLimits.describe(deadline), e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      giveUp(operation, "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (aboutEntry && cause instanceof UserInputException refused) {
        throw new EntryException(refused.getMessage(), refused);
      }
      giveUp(operation, cause == null ? e.toString() : message(cause), cause);
    }
    return Optional.empty();
  }

  private void giveUp(String operation, String why, Throwable cause) {
    String reason = Redaction.text(operation + ": " + why);
    if (spec.required()) {
      String message =
          "Shared cache "
              + spec.location()
              + " failed ("
              + reason
              + ") and <sharedCacheRequired> is true: fix the registry or the credentials, or"
              + " build with -Dimage.sharedCache.required=false to go on without it";
      // Rejected credentials are the user's to fix; a registry that is down is not.
      throw cause instanceof UserInputException
          ? new UserInputException(message, cause)
          : new ImagesmithException(message, cause);
    }
    synchronized (this) {
      if (unavailable != null) {
        return;
      }
      unavailable = reason;
    }
    log.warn(
        "Shared cache "
            + spec.location()
            + " is not usable ("
            + reason
            + "): this build goes on without it");
  }

  private static String message(Throwable cause) {
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
