package dev.imagesmith.debian;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code deb} entry of the host's apt configuration.
 *
 * @param uri the repository root ({@code .../debian})
 * @param suites {@code bookworm}, {@code bookworm-updates}, ...
 * @param components {@code main}, ...
 * @param signedBy the keyring the entry names, {@code null} if it names none (or inlines a key)
 * @param origin the file it came from, for messages
 */
public record AptSource(
    URI uri, List<String> suites, List<String> components, Path signedBy, Path origin) {
  public AptSource {
    suites = List.copyOf(suites);
    components = List.copyOf(components);
  }
}
