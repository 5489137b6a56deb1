package dev.imagesmith.registry;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@link RegistryClient} on {@code java.net.http} (security-cases.md, class N): each operation is
 * an {@link Endpoint} run under {@link Retrying}, over a {@link Transport} that reaches the
 * registry at the address its {@link SchemeProbe} found, with the credentials its {@link
 * Authenticator} gives, through one {@link Wire}. This class only puts them together, one set per
 * registry.
 */
final class HttpRegistryClient implements RegistryClient {
  private final String registry;
  private final Retrying retrying;
  private final Transport transport;

  HttpRegistryClient(String registry, RegistryOptions options, Login login, BuildLog log) {
    this.registry = registry;
    this.retrying = new Retrying(registry, options, log);
    boolean plainHttpAllowed =
        RegistryRef.isLoopback(registry) || options.insecureRegistries().contains(registry);
    Wire wire = new Wire(registry, options, log);
    TokenService tokens = new TokenService(registry, plainHttpAllowed, login, wire);
    Authenticator auth = new Authenticator(registry, login, tokens);
    SchemeProbe probe = new SchemeProbe(registry, plainHttpAllowed, wire, retrying, auth, log);
    this.transport = new Transport(registry, probe, auth, wire);
  }

  @Override
  public String registry() {
    return registry;
  }

  @Override
  public Optional<Digest> manifestDigest(String repository, String tag) throws IOException {
    return run(new ResolveTag(repository, tag));
  }

  @Override
  public FetchedManifest fetchManifest(String repository, String reference) throws IOException {
    return run(new PullManifest(repository, reference));
  }

  @Override
  public void fetchBlob(String repository, Descriptor blob, Path destination) throws IOException {
    run(new PullBlob(repository, blob, destination));
  }

  @Override
  public boolean blobExists(String repository, Descriptor blob) throws IOException {
    return run(new CheckBlob(repository, blob));
  }

  @Override
  public boolean mountBlob(String repository, Descriptor blob, String fromRepository)
      throws IOException {
    return run(new MountBlob(repository, blob, fromRepository));
  }

  @Override
  public void pushBlob(String repository, Descriptor blob, Path file, LongConsumer sent)
      throws IOException {
    run(new PushBlob(repository, blob, file, sent));
  }

  @Override
  public Digest pushManifest(String repository, String tag, String mediaType, byte[] bytes)
      throws IOException {
    return run(new PushManifest(repository, tag, mediaType, bytes));
  }

  @Override
  public boolean servesReferrers(String repository, Digest subject) throws IOException {
    return run(new ListReferrers(repository, subject));
  }

  private <T> T run(Endpoint<T> endpoint) throws IOException {
    RegistryCall call = new RegistryCall(transport, endpoint);
    return retrying.run(endpoint.repository(), endpoint.operation(), () -> endpoint.attempt(call));
  }
}
