package dev.imagesmith.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters of {@code image:build} for the build cache a fleet of runners shares in an OCI
 * registry, kept apart from the goal's other parameters.
 */
public abstract class SharedCacheMojo extends SupplyChainMojo {
  /**
   * A repository of an OCI registry that every runner of a fleet (CI machines, developers) shares
   * as a build cache: a stage whose inputs are unchanged is restored from there, when the local
   * cache does not have it, instead of running its steps; the log says so. Keys are made of the
   * stage's configuration and the content of its inputs, never of the project's location, the user
   * or the host, so two checkouts anywhere share entries. The registry is reached with the same
   * credentials ({@code <auth>}, settings.xml, docker's config.json), TLS trust, {@code
   * <insecureRegistries>} and proxies as images; everything read is checked against its digest, and
   * an entry that is damaged or not ours is skipped with a warning. A registry that is down or slow
   * costs at most {@code <sharedCacheTimeout>} once, then the build goes on without it. Anyone who
   * can push to this repository can change what the others build: let only trusted builds push
   * ({@code <sharedCachePush>}). The property {@code image.sharedCache} wins over the POM; empty,
   * it turns the shared cache off. Nothing is shared with {@code -Dimage.cache=false} or offline.
   *
   * <pre>{@code <sharedCache>registry.example.org/team/imagesmith-cache</sharedCache>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = SharedCacheConfig.PROPERTY)
  protected String sharedCache;

  /**
   * Whether this build also writes to {@code <sharedCache>} the stages it built (and those its
   * local cache kept that the shared cache lacks). Off by default: typically CI on the main branch
   * pushes and every other build only reads, which never sends a request that writes. The property
   * {@code image.sharedCache.push} wins over the POM, so an untrusted branch's job can always force
   * {@code -Dimage.sharedCache.push=false}.
   *
   * <pre>{@code <sharedCachePush>true</sharedCachePush>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = SharedCacheConfig.PUSH_PROPERTY, defaultValue = "false")
  protected boolean sharedCachePush;

  /**
   * Fails the build when {@code <sharedCache>} cannot be reached, refuses the credentials or does
   * not answer in time, instead of warning and going on without it. An unusable entry still only
   * costs a warning. The property {@code image.sharedCache.required} wins over the POM.
   *
   * <pre>{@code <sharedCacheRequired>true</sharedCacheRequired>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = SharedCacheConfig.REQUIRED_PROPERTY, defaultValue = "false")
  protected boolean sharedCacheRequired;

  /**
   * Text added to every stage's shared cache key. A {@code run} step on the host uses the host's
   * compiler and libraries, which no key covers: name them here (an image of the CI runner, a
   * toolchain version) or with {@code <sharedCacheKeyCommand>}, so that runners whose tools differ
   * never share stages. Stages with {@code <isolation>stage</isolation>} use only their own
   * toolchain, which the key covers.
   *
   * <pre>{@code <sharedCacheKey>ci-runner-image-2026.03</sharedCacheKey>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sharedCache.key")
  protected String sharedCacheKey;

  /**
   * A host command ({@code /bin/sh -c}, in the project directory) run once per build whose output
   * is added to every stage's shared cache key, for the host tools a {@code host} stage depends on.
   * It must succeed and end within 60 s.
   *
   * <pre>{@code <sharedCacheKeyCommand>cc --version; ldd --version</sharedCacheKeyCommand>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sharedCache.keyCommand")
  protected String sharedCacheKeyCommand;

  /**
   * The largest entry (a stage's compressed tree and summary) this build pushes or reads; a bigger
   * stage is built, and not pushed, as if there were no shared cache.
   *
   * <pre>{@code <sharedCacheMaxEntrySize>500MB</sharedCacheMaxEntrySize>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sharedCache.maxEntrySize", defaultValue = "2GiB")
  protected String sharedCacheMaxEntrySize;

  /**
   * Entries pushed longer ago than this, stage and layer entries alike, are not used (and are
   * replaced when this build pushes): {@code 14d}, {@code 12h}. Unset, an entry is used as long as
   * the registry keeps it.
   *
   * <pre>{@code <sharedCacheMaxAge>14d</sharedCacheMaxAge>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sharedCache.maxAge")
  protected String sharedCacheMaxAge;

  /**
   * The longest the build waits for one answer of {@code <sharedCache>} (a transfer gets this plus
   * one second per 2 MiB) before it goes on without the shared cache; at most {@code 1h}.
   *
   * <pre>{@code <sharedCacheTimeout>30s</sharedCacheTimeout>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sharedCache.timeout", defaultValue = "10s")
  protected String sharedCacheTimeout;

  protected SharedCacheMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /**
   * The shared cache's parameters as configured, the command line's properties winning over the
   * POM; {@code PlanFactory} checks them with the rest of the configuration.
   */
  SharedCacheConfig.Given sharedCacheGiven() {
    java.util.Properties user =
        session == null ? new java.util.Properties() : session.getUserProperties();
    String location = user.getProperty(SharedCacheConfig.PROPERTY, sharedCache);
    boolean push = flag(user.getProperty(SharedCacheConfig.PUSH_PROPERTY), sharedCachePush);
    boolean required =
        flag(user.getProperty(SharedCacheConfig.REQUIRED_PROPERTY), sharedCacheRequired);
    return new SharedCacheConfig.Given(
        location,
        push,
        required,
        sharedCacheKey,
        sharedCacheKeyCommand,
        sharedCacheMaxEntrySize,
        sharedCacheMaxAge,
        sharedCacheTimeout);
  }

  /** A {@code -D} flag: empty or {@code true} is true, as Maven reads {@code -Dflag}. */
  private static boolean flag(String property, boolean fallback) {
    return property == null ? fallback : !property.trim().equalsIgnoreCase("false");
  }

  /** The reactor's top project's directory, or {@code basedir} outside a reactor. */
  Path checkoutRoot(Path basedir) {
    MavenProject top = session == null ? null : session.getTopLevelProject();
    File directory = top == null ? null : top.getBasedir();
    return directory == null ? basedir : directory.toPath().toAbsolutePath().normalize();
  }
}
