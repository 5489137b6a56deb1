package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Runs the attempts of one registry operation under the {@link RetryPolicy} (security-cases.md N8,
 * N9): 408, 429 and 5xx, from the registry or its token service, and I/O failures (resets,
 * truncated or stalled bodies) are tried again after a pause that honours {@code Retry-After}; each
 * attempt starts from the beginning (a blob is downloaded again, an upload opens a new session). A
 * TLS failure and an interruption end the operation at once. Offline, no attempt is made at all.
 */
final class Retrying {
  private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);

  /** One attempt of an operation. */
  interface Attempt<T> {
    T run() throws IOException;
  }

  /** A status worth asking again for, with the server's {@code Retry-After}. */
  static final class RetryableStatus extends IOException {
    final int status;
    final Duration retryAfter;

    RetryableStatus(int status, Duration retryAfter) {
      super("HTTP " + status);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  private final String registry;
  private final RegistryOptions options;
  private final BuildLog log;

  Retrying(String registry, RegistryOptions options, BuildLog log) {
    this.registry = registry;
    this.options = options;
    this.log = log;
  }

  /**
   * Closes the body and throws {@link RetryableStatus} when the response's status is worth asking
   * again for; returns when it is not.
   */
  static void throwIfRetried(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    if (RETRIED.contains(status)) {
      Duration retryAfter = retryAfter(response);
      response.body().close();
      throw new RetryableStatus(status, retryAfter);
    }
  }

  /**
   * The result of the first attempt that succeeds.
   *
   * @param repository and {@code operation} name the operation in warnings and errors
   */
  <T> T run(String repository, String operation, Attempt<T> attempt) throws IOException {
    if (options.offline()) {
      throw new UserInputException(
          where(repository, operation)
              + ": Maven is offline (-o); the image is not in the cache. Build once online to"
              + " fill the cache");
    }
    RetryPolicy policy = options.retry();
    for (int tried = 1; ; tried++) {
      try {
        return attempt.run();
      } catch (RetryableStatus e) {
        if (tried >= policy.attempts()) {
          throw RegistryErrors.status(
              registry, repository, operation + " (" + tried + " attempts)", e.status, "", "");
        }
        pause(repository, operation, tried, e.getMessage(), policy.delay(tried, e.retryAfter));
      } catch (SSLException e) {
        // TLS problems do not heal by retrying; the scheme probe decides what they mean.
        throw e;
      } catch (InterruptedIOException e) {
        throw RegistryErrors.io(registry, repository, operation, tried, e);
      } catch (IOException e) {
        if (tried >= policy.attempts()) {
          throw RegistryErrors.io(registry, repository, operation, tried, e);
        }
        pause(
            repository, operation, tried, Redaction.text(e.toString()), policy.delay(tried, null));
      }
    }
  }

  private void pause(String repository, String operation, int tried, String why, Duration delay)
      throws InterruptedIOException {
    log.warn(
        where(repository, operation)
            + " attempt "
            + tried
            + " failed ("
            + why
            + "); retrying in "
            + delay.toMillis()
            + " ms");
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry " + operation);
    }
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.get().strip());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to our own backoff
    }
  }

  private String where(String repository, String operation) {
    return "registry " + registry + ", repository " + repository + ": " + operation;
  }
}
