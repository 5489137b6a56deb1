package dev.imagesmith.registry;

import java.util.List;

/**
 * What a request needs access to: one repository, to pull from or to push to, and for a mount the
 * repository the blob is linked from. A bearer token is asked for, and kept, per scope.
 *
 * @param repository the repository the request is about, named in every message
 * @param mountFrom the repository a blob is mounted from, or {@code null}
 */
record Scope(String repository, boolean push, String mountFrom) {
  static Scope pull(String repository) {
    return new Scope(repository, false, null);
  }

  static Scope push(String repository) {
    return new Scope(repository, true, null);
  }

  /** Push to {@code repository}, pull from {@code from}: a mount needs both in one token. */
  static Scope mount(String repository, String from) {
    return new Scope(repository, true, from);
  }

  /** The key of the scope's token. */
  String key() {
    return repository
        + (push ? ":pull,push" : ":pull")
        + (mountFrom == null ? "" : "+" + mountFrom);
  }

  /** The {@code scope} values of a token request: {@code repository:team/app:pull,push}. */
  List<String> tokenScopes() {
    return mountFrom == null
        ? List.of("repository:" + repository + (push ? ":pull,push" : ":pull"))
        : List.of("repository:" + repository + ":pull,push", "repository:" + mountFrom + ":pull");
  }
}
