package dev.imagesmith.sharedcache;

import dev.imagesmith.image.Digest;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.stage.StageKey;
import dev.imagesmith.store.FileHashes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage's key in the shared cache: what the local {@link StageKey} covers, made independent of
 * where the project lives, plus what a stage made on another machine must also agree on.
 *
 * <ul>
 *   <li>the stage's configuration as the local key renders it, with the project directory written
 *       {@code ${basedir}} and the checkout's root {@code ${root}}: the user, the host name and the
 *       checkout's path never enter the key (the user's cache directory is not in the configuration
 *       at all);
 *   <li>the content of its inputs ({@link StageKey#inputsOf}: copied trees by relative name,
 *       extracted archives), the base's manifest digest, the plugin version;
 *   <li>the image platform (a {@code debian} step without {@code <architecture>} takes it), the
 *       content of each {@code debian} step's lock file and keyring (the local key names only their
 *       paths: on one machine the lock is the one it wrote), and, as the local key does, the build
 *       timestamp where a stage-isolated {@code debian} step's scripts see it;
 *   <li>the user's extra key material ({@code <sharedCacheKey>}, the output of {@code
 *       <sharedCacheKeyCommand>}).
 * </ul>
 *
 * <p>Not covered, as locally: what a {@code host}-isolated {@code run} step takes from the host
 * (compiler, libraries, network). Across a fleet that matters more, which is what the extra key is
 * for; {@code stage} isolation keeps the toolchain inside the key.
 *
 * <p>As the layer key does, the inputs are hashed once and the key and the {@link #sealKey} are two
 * labelled hashes of that hash: the key names the entry's tag, the seal key is never written and
 * signs the entry ({@link EntrySeal}), so that an entry moved under another key's tag is refused.
 *
 * @param hex 64 hex digits
 */
record PortableStageKey(String hex, byte[] sealKey) {
  static final String FORMAT = "imagesmith-shared-stage/1";

  private static final byte[] KEY_LABEL =
      "imagesmith shared stage key\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SEAL_LABEL =
      "imagesmith shared stage seal\n".getBytes(StandardCharsets.UTF_8);

  /** The tag of this key's entry (70 characters: tags may have 128). */
  String tag() {
    return "stage-" + hex;
  }

  @Override
  public String toString() {
    return hex; // never the seal key
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableStageKey that
        && hex.equals(that.hex)
        && java.util.Arrays.equals(sealKey, that.sealKey);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  /** What every stage's key of one build shares. */
  record Context(
      Instant timestamp,
      String platform,
      Path basedir,
      Path checkoutRoot,
      FileHashes hashes,
      String extraKey) {}

  /**
   * @param baseDigest the stage base's manifest digest, or {@code null} for an empty root
   */
  static PortableStageKey of(StageSpec spec, String baseDigest, Context context)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, FORMAT);
      text(out, PluginVersion.get());
      text(out, context.platform());
      text(out, portable(spec.toString(), context.basedir(), context.checkoutRoot()));
      text(out, baseDigest);
      text(out, StageKey.inputsOf(spec, context.hashes(), context.basedir()));
      boolean debian = false;
      for (StepSpec step : spec.steps()) {
        if (step instanceof StepSpec.Debian deb) {
          debian = true;
          text(out, contentHash(deb.lockFile(), context.hashes()));
          text(out, contentHash(deb.keyring(), context.hashes()));
        }
      }
      if (debian && spec.isolation() == RunIsolation.STAGE) {
        text(out, "SOURCE_DATE_EPOCH=" + context.timestamp().getEpochSecond());
      }
      text(out, context.extraKey());
    }
    byte[] inputs = Digest.newSha256().digest(bytes.toByteArray());
    return new PortableStageKey(
        Digest.of(labelled(KEY_LABEL, inputs)).hex(), labelled(SEAL_LABEL, inputs));
  }

  /**
   * {@code text} with the project directory written {@code ${basedir}} and the checkout's root
   * {@code ${root}}, wherever a path starts with them (a whole path component, not a prefix of a
   * longer name).
   */
  static String portable(String text, Path basedir, Path checkoutRoot) {
    String result = replacePath(text, basedir, "${basedir}");
    if (checkoutRoot != null
        && checkoutRoot.getNameCount() > 0
        && basedir.toAbsolutePath().normalize().startsWith(checkoutRoot.toAbsolutePath())) {
      result = replacePath(result, checkoutRoot, "${root}");
    }
    return result;
  }

  private static String replacePath(String text, Path path, String placeholder) {
    String absolute = path.toAbsolutePath().normalize().toString();
    if (absolute.equals("/")) {
      return text;
    }
    Pattern pattern = Pattern.compile("(?<![\\w./-])" + Pattern.quote(absolute) + "(?![\\w.-])");
    return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(placeholder));
  }

  /** The SHA-256 of a regular file, {@code "absent"} when there is none, {@code null} for none. */
  private static String contentHash(Path file, FileHashes hashes) throws IOException {
    if (file == null) {
      return null;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return "absent";
    }
    return hashes.hash(file);
  }

  private static byte[] labelled(byte[] label, byte[] inputs) {
    MessageDigest sha256 = Digest.newSha256();
    sha256.update(label);
    return sha256.digest(inputs);
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
