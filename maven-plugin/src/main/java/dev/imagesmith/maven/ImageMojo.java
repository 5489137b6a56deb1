package dev.imagesmith.maven;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.LogText;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.registry.RegistryMirrors;
import dev.imagesmith.registry.RegistryOptions;
import java.io.IOException;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What {@code image:build} and {@code image:push} share: where the image goes ({@code <to>} and its
 * command-line overrides), how registries are reached ({@code <auth>}, {@code
 * <insecureRegistries>}, settings.xml), and the one place where failures become Maven's.
 */
public abstract class ImageMojo extends AbstractMojo {
  /**
   * The image's name and extra tags. Without {@code <image>} the name is <code>
   * ${project.artifactId}:${project.version}</code> in lower case; characters not allowed in an
   * image name are reported.
   *
   * <pre>{@code
   * <to><image>example.org/team/hello:1.0</image><tags><tag>latest</tag></tags></to>
   * }</pre>
   *
   * <p>The properties {@code image.to} and {@code image.tags} (comma separated) replace {@code
   * <image>} and {@code <tags>} from the command line.
   *
   * @since 0.1.0
   */
  @Parameter protected To to;

  /**
   * The image name from the command line, replacing {@code <to><image>}: {@code
   * -Dimage.to=registry.example.org/team/app:1.2.3}. A release pipeline names the image this way
   * without editing the POM.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.to")
  protected String toImage;

  /**
   * Extra tags from the command line, comma separated, replacing {@code <to><tags>}: {@code
   * -Dimage.tags=latest,1.2}. An empty value ({@code -Dimage.tags=}) removes the POM's tags.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.tags")
  protected String tags;

  /**
   * Credentials for a registry, for registry bases here and for {@code image:push}. Name the
   * environment variable that holds the password in {@code <passwordEnv>}: the plugin reads it when
   * it runs, so the secret never passes through Maven, which prints every expanded value under
   * {@code mvn -X} (a <code>&lt;password&gt;${env.REGISTRY_TOKEN}&lt;/password&gt;</code> shows up
   * there as the token). Without {@code <registry>} they are for the registry of {@code
   * <to><image>}. Other sources, asked after this one: the {@code settings.xml} {@code <server>}
   * whose id is the registry ({@code host[:port]}, encrypted passwords allowed), then docker's
   * {@code config.json} ({@code auths}, {@code credHelpers}, {@code credsStore}).
   *
   * <pre>
   * &lt;auth&gt;
   *   &lt;username&gt;${env.REGISTRY_USER}&lt;/username&gt;
   *   &lt;passwordEnv&gt;REGISTRY_TOKEN&lt;/passwordEnv&gt;
   *   &lt;registry&gt;registry.example.org&lt;/registry&gt;
   * &lt;/auth&gt;
   * </pre>
   *
   * @since 0.1.0
   */
  @Parameter protected Auth auth;

  /**
   * Registries ({@code host[:port]}) that may be reached over plain HTTP when they do not speak
   * TLS. Credentials are never sent over plain HTTP, except to this machine (loopback), which needs
   * no listing.
   *
   * <pre>
   * {@code <insecureRegistries><insecureRegistry>registry.lan:5000</insecureRegistry></insecureRegistries>}
   * </pre>
   *
   * @since 0.1.0
   */
  @Parameter protected List<String> insecureRegistries;

  /**
   * What every transfer may take and bring: the longest pause in a body ({@code idleTimeout},
   * default {@code 60s}), the longest a body may take after its headers ({@code timeout}, default
   * {@code 30m}) and the largest file a {@code download} or {@code debian} step may fetch ({@code
   * maxSize}, default {@code 4GiB}; registry blobs are held to their descriptors' sizes). A
   * transfer that breaks one is stopped and leaves nothing in the cache or the stage. The
   * properties {@code image.download.idleTimeout}, {@code image.download.timeout} and {@code
   * image.download.maxSize} win over the POM.
   *
   * <pre>{@code
   * <downloads>
   *   <idleTimeout>2m</idleTimeout>
   *   <timeout>1h</timeout>
   *   <maxSize>8GiB</maxSize>
   * </downloads>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter protected Downloads downloads;

  /**
   * Mirrors of registries, as in containers' {@code registries.conf}: for each registry, mirrors a
   * pull of a base image asks in order before the registry itself (a mirror that has not the image,
   * refuses or cannot be reached is named in a warning and the next one is asked). Pushes go to the
   * registry the image names: {@code image:push} takes the setting, so that a plugin-wide {@code
   * <configuration>} serves both goals, and ignores it. A mirror is {@code host[:port]}, with a
   * path when it keeps its copies below one ({@code nexus.example.org/dockerhub}). Any of Docker
   * Hub's names ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io}) keys
   * Docker Hub. Each mirror uses its own credentials (settings.xml {@code <server>} with its host
   * as {@code <id>}, docker's {@code config.json}), never the registry's; what it serves by digest
   * is verified like the registry's. The property {@code image.registryMirrors} ({@code
   * docker.io=mirror.gcr.io,cache.example.org;quay.io=quay-cache.example.org:5000}) replaces this
   * element, so a settings.xml profile can set the mirrors of every project.
   *
   * <pre>{@code
   * <registryMirrors>
   *   <registryMirror>
   *     <registry>docker.io</registry>
   *     <mirrors>
   *       <mirror>mirror.gcr.io</mirror>
   *       <mirror>nexus.example.org/dockerhub</mirror>
   *     </mirrors>
   *   </registryMirror>
   * </registryMirrors>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter protected List<RegistryMirror> registryMirrors;

  /**
   * The mirrors as the property {@code image.registryMirrors} gives them: {@code
   * REGISTRY=MIRROR[,MIRROR...]}, registries separated by {@code ;}. Wins over {@code
   * <registryMirrors>}.
   *
   * <pre>{@code -Dimage.registryMirrors=docker.io=mirror.gcr.io}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = RegistryMirrorsConfig.PROPERTY)
  protected String registryMirrorsText;

  /**
   * A copy of Debian's archive that {@code debian} steps fetch from instead of {@code
   * http://deb.debian.org/debian}: each file below that root comes from the same path below the
   * mirror; other repositories are fetched as they are. Signatures are still verified and the lock
   * keeps naming Debian's archive. The property {@code image.debianMirror} sets it too; {@code
   * image:push} takes and ignores it, as it does {@code <registryMirrors>}.
   *
   * <pre>{@code <debianMirror>https://nexus.example.org/repository/debian</debianMirror>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.debianMirror")
  protected String debianMirror;

  @Parameter(defaultValue = "${settings}", readonly = true)
  protected Settings settings;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  private final SettingsDecrypter settingsDecrypter;

  protected ImageMojo(SettingsDecrypter settingsDecrypter) {
    this.settingsDecrypter = settingsDecrypter;
  }

  /** {@code <to>} with {@code image.to} and {@code image.tags} from the command line over it. */
  protected To target() {
    return To.withOverrides(to, toImage, tags);
  }

  /**
   * How to reach registries for an image named {@code image}; credentials are looked up lazily. The
   * proxies (settings.xml, else the JVM's properties, else the environment) and the mirrors are
   * named in the log.
   */
  protected RegistryOptions registryOptions(String image, boolean offline, BuildLog log) {
    Proxies proxies =
        SettingsProxies.of(settings, settingsDecrypter, this::property, System.getenv());
    RegistryMirrors mirrors = RegistryMirrorsConfig.of(registryMirrors, registryMirrorsText);
    if (!offline) {
      proxies.describe().forEach(log::info);
      mirrors.describe().forEach(log::info);
    }
    return RegistryAccess.options(
            auth, insecureRegistries, image, settings, settingsDecrypter, offline, log)
        .withTransfers(
            Downloads.limits(downloads, session == null ? null : session.getUserProperties()))
        .withProxies(proxies)
        .withMirrors(mirrors);
  }

  /** A property from the command line ({@code -D}), else a system property of Maven's JVM. */
  private String property(String name) {
    String value = session == null ? null : session.getUserProperties().getProperty(name);
    if (value == null && session != null) {
      value = session.getSystemProperties().getProperty(name);
    }
    return value != null ? value : System.getProperty(name);
  }

  /** The work of a goal, which may fail in any of the ways {@link #translatingFailures} maps. */
  @FunctionalInterface
  protected interface Work {
    void run() throws IOException;
  }

  /**
   * Runs {@code work}; the user's mistakes become a {@link MojoFailureException} with their message
   * only (no stack trace), everything else (ours, the environment's) a {@link
   * MojoExecutionException} that keeps its cause. Every message, the causes' too, passes through
   * {@link Redaction} on its way out (Maven prints them, and with {@code -e} the whole chain), and
   * is made safe for the console ({@link LogText#message}): a name in it cannot print a line of its
   * own.
   */
  protected static void translatingFailures(Work work)
      throws MojoExecutionException, MojoFailureException {
    try {
      work.run();
    } catch (UserInputException e) {
      throw new MojoFailureException(LogText.message(Redaction.text(e.getMessage())));
    } catch (ImagesmithException e) {
      throw new MojoExecutionException(LogText.message(Redaction.text(e.getMessage())), masked(e));
    } catch (IOException e) {
      throw new MojoExecutionException(
          LogText.message(Redaction.text("I/O failure: " + e)), masked(e));
    } catch (RuntimeException e) {
      throw new MojoExecutionException(
          LogText.message(Redaction.text("Imagesmith failed unexpectedly (a bug): " + e)),
          masked(e));
    }
  }

  /**
   * {@code e} itself when no message down its cause chain holds a secret; otherwise a copy of the
   * chain (class names, masked messages, stack traces) that holds none.
   */
  static Throwable masked(Throwable e) {
    boolean clean = true;
    for (Throwable t = e; t != null && clean; t = t.getCause()) {
      String message = t.getMessage();
      clean = message == null || message.equals(Redaction.text(message));
    }
    return clean ? e : copyMasked(e, 0);
  }

  private static Throwable copyMasked(Throwable e, int depth) {
    Throwable cause =
        e.getCause() == null || depth > 20 ? null : copyMasked(e.getCause(), depth + 1);
    Exception copy = new Exception(Redaction.text(e.toString()), cause);
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
