package dev.imagesmith.debian;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code debian} step asks for. {@code null} settings come from the build host's apt
 * configuration (repository, suite, components, keyring), or defaults ({@code main}, the Debian
 * archive keyring).
 *
 * @param packages the package names to install, with their dependencies
 * @param repository the repository root, {@code null} for the host's
 * @param suite {@code bookworm}, {@code null} for the host's first suite of that repository
 * @param components {@code main} ..., empty for the host's (or {@code main})
 * @param architecture the Debian architecture ({@code amd64}, {@code arm64})
 * @param keyring the OpenPGP keyring that signs the repository, {@code null} for the default
 * @param excludes names never installed (dependencies on them count as satisfied)
 * @param essential also install the archive's Essential packages
 * @param lockFile {@code image-debian.lock} beside the POM
 * @param where the step's XML path, for messages
 */
public record DebianRequest(
    List<String> packages,
    URI repository,
    String suite,
    List<String> components,
    String architecture,
    Path keyring,
    List<String> excludes,
    boolean essential,
    Path lockFile,
    String where) {
  public DebianRequest {
    packages = List.copyOf(packages);
    components = List.copyOf(components);
    excludes = List.copyOf(excludes);
  }
}
