package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the requests of one pull go: the {@link RegistryMirrors} of the image's registry in their
 * order, then the registry itself. Each request goes first to the source that answered the last one
 * (a pull takes its manifest and blobs from one place when it can). A mirror that fails (has not
 * the image, refuses, cannot be reached) is named in a warning and the next source is asked; one
 * that failed for any other reason than a missing or refused item is not asked again in this pull.
 * The registry's own failure ends the pull, as without mirrors.
 */
final class PullSources {
  /** Asks one source. */
  interface Call<T> {
    T run(RegistryClient client, String repository) throws IOException;
  }

  /** A mirror, or the registry itself when {@code mirror} is null. */
  private record Source(String registry, String repository, RegistryMirrors.Mirror mirror) {
    @Override
    public String toString() {
      return mirror == null ? registry : "mirror " + mirror;
    }
  }

  private final RegistryRef ref;
  private final Registries registries;
  private final BuildLog log;
  private final List<Source> sources = new ArrayList<>();
  private final Set<Source> skipped = new HashSet<>();
  private Source answered;

  PullSources(RegistryRef ref, Registries registries, BuildLog log) {
    this.ref = ref;
    this.registries = registries;
    this.log = log;
    for (RegistryMirrors.Mirror mirror : registries.options().mirrors().of(ref.registry())) {
      sources.add(new Source(mirror.registry(), mirror.repository(ref.repository()), mirror));
    }
    sources.add(new Source(ref.registry(), ref.repository(), null));
    if (sources.size() > 1) {
      log.debug(
          "Pull of "
              + ref
              + " asks "
              + String.join(", ", sources.stream().map(Source::toString).toList())
              + " in this order");
    }
  }

  /** The mirror that answered the last request, or null for the registry itself or none yet. */
  RegistryMirrors.Mirror mirror() {
    return answered == null ? null : answered.mirror();
  }

  /**
   * The answer of the first source that gives one.
   *
   * @param what the request, for the warning when a mirror fails ({@code tag 1}, {@code layer 2/3
   *     sha256:...})
   */
  <T> T first(String what, Call<T> call) throws IOException {
    List<Source> order = new ArrayList<>(sources.size());
    if (answered != null) {
      order.add(answered);
    }
    for (Source source : sources) {
      if (!source.equals(answered) && !skipped.contains(source)) {
        order.add(source);
      }
    }
    for (int i = 0; i < order.size(); i++) {
      Source source = order.get(i);
      try {
        T result = call.run(registries.client(source.registry()), source.repository());
        if (source.mirror() != null && !source.equals(answered)) {
          log.info(
              "  "
                  + what
                  + " of "
                  + ref
                  + " from "
                  + source
                  + ", repository "
                  + source.repository());
        }
        answered = source;
        return result;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | ImagesmithException e) {
        if (source.mirror() == null || i == order.size() - 1) {
          throw e;
        }
        // A missing or refused item says nothing about the next one; anything else (I/O, 5xx
        // after the retries, a name no DNS answers) would cost the same wait again.
        boolean itemOnly = e instanceof RegistryErrors.Refused;
        if (!itemOnly) {
          skipped.add(source);
        }
        if (source.equals(answered)) {
          answered = null;
        }
        log.warn(
            "Mirror "
                + source.mirror()
                + " of "
                + ref.registry()
                + ": "
                + what
                + " of "
                + ref
                + " failed ("
                + Redaction.text(e.getMessage())
                + "); asking "
                + order.get(i + 1)
                + (itemOnly ? "" : ", and not this mirror again in this pull"));
      }
    }
    throw new IllegalStateException("no source for " + ref); // the registry is always last
  }
}
