package dev.imagesmith.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters of what {@code image:build} reuses between builds and how its run steps are kept
 * inside their stage: the cache directory, the layer and stage caches, incremental stages, cache
 * mounts and the isolation mechanism. One superclass per group of parameters keeps {@link
 * BuildMojo} about the image itself; Maven reads the parameters of superclasses as the goal's own.
 */
public abstract class CachingMojo extends SharedCacheMojo {
  /**
   * The cache of downloads and base image blobs, shared between projects and keyed by content.
   *
   * <pre>&lt;cacheDirectory&gt;${user.home}/.cache/imagesmith&lt;/cacheDirectory&gt;</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cacheDirectory", defaultValue = "${user.home}/.cache/imagesmith")
  protected File cacheDirectory;

  /**
   * Reuse what earlier builds made when it provably has not changed: a layer whose files have the
   * same content and attributes (never judged by mtime alone), and a stage whose configuration,
   * input contents, base image and plugin version are the same. {@code -Dimage.cache=false}
   * rebuilds and recompresses everything, and neither reads nor writes the caches.
   *
   * <pre>{@code <cache>false</cache>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cache", defaultValue = "true")
  protected boolean cache;

  /**
   * How the run steps of stages with {@code <isolation>stage</isolation>} are kept inside their
   * stage: {@code auto} tries, once per build, unprivileged namespaces with {@code unshare}
   * (util-linux), then {@code bwrap} (bubblewrap), then {@code proot} (ptrace, for hosts that
   * refuse namespaces) and uses the first that works; a name forces that one. The build log says
   * which ran; when none works, the build fails saying what the host refused.
   *
   * <pre>{@code -Dimage.isolation.mechanism=proot}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.isolation.mechanism", defaultValue = "auto")
  protected String isolationMechanism;

  /**
   * {@code false} runs the stages that say {@code <incremental>true</incremental>} from scratch, as
   * after {@code mvn clean}, and keeps no tree for the next build.
   *
   * <pre>{@code -Dimage.incremental=false}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.incremental", defaultValue = "true")
  protected boolean incremental;

  /**
   * Empties, before the stages run, every cache mount the run steps name ({@code <caches>}): for a
   * cache that went bad. Delete {@code <cacheDirectory>/mounts} to empty them all.
   *
   * <pre>{@code -Dimage.cacheMounts.clear=true}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cacheMounts.clear", defaultValue = "false")
  protected boolean cacheMountsClear;

  /**
   * How long a run step waits for a cache mount another build is using ({@code 90s}, {@code 30m},
   * {@code 2h}) before it fails; one step at a time uses a cache, and the log says when one waits.
   *
   * <pre>{@code -Dimage.cacheMounts.wait=5m}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cacheMounts.wait", defaultValue = "30m")
  protected String cacheMountsWait;

  protected CachingMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }
}
