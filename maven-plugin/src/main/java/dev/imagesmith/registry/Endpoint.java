package dev.imagesmith.registry;

import java.io.IOException;

/**
 * One operation of the distribution protocol on one repository: resolve a tag, pull a manifest or a
 * blob, check, mount or push a blob, push a manifest. An endpoint says what it asks and what it
 * makes of the answer, one attempt at a time; the {@link HttpRegistryClient} runs its attempts
 * under {@link Retrying}, and the {@link RegistryCall} each attempt gets does the asking.
 *
 * @param <T> what the operation returns
 */
interface Endpoint<T> {
  /** The repository, e.g. {@code team/app}. */
  String repository();

  /** What the operation does, for messages: {@code pull blob sha256:..}. */
  String operation();

  /** The access it needs; pull unless it says otherwise. */
  default Scope scope() {
    return Scope.pull(repository());
  }

  /**
   * One attempt.
   *
   * @throws IOException a failure worth another attempt (a reset, a truncated body, a status the
   *     {@link Transport} threw as retryable); the user's mistakes and the registry's refusals are
   *     unchecked and final
   */
  T attempt(RegistryCall call) throws IOException;
}
