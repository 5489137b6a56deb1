package dev.imagesmith.layer;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.PluginVersion;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The layer cache key: SHA-256 over everything that decides a layer's bytes, so that equal keys
 * mean equal blobs.
 *
 * <p>It covers the key format, the plugin version, the compression settings (level, gzip block
 * size), and every tar entry exactly as {@link LayerPlanner} decided it: path, type, mode, owner,
 * clamped mtime, size, link targets, device numbers, xattrs and, for a regular file, the SHA-256 of
 * its content. The lower layers and the clamp need no separate term: what the writer takes from
 * them (a lower directory's mode and owner, a lower symlink left in place, every mtime) is already
 * in the planned entries. Never an mtime alone: a file changed with its mtime preserved has another
 * content hash, hence another key.
 *
 * <p>The inputs are hashed once; the key and the {@link #sealKey} are hashes of that hash under two
 * labels. The key names the key file, so anyone can read it; the seal key is never written
 * anywhere, and only someone who has the layer's inputs can compute it. The key file's seal (an
 * HMAC under it, see {@link LayerCache}) so binds the blob it names to the inputs it was made from.
 *
 * @param hex the key, 64 hex digits: the key file's name
 * @param sealKey 32 bytes, derived from the same inputs as the key, never stored
 */
record LayerKey(String hex, byte[] sealKey) {
  /** Bump whenever the writer's output for the same entries, or the key file, changes. */
  static final String FORMAT = "imagesmith-layer/3";

  private static final byte[] KEY_LABEL = "imagesmith layer key\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SEAL_LABEL =
      "imagesmith layer key file seal\n".getBytes(StandardCharsets.UTF_8);

  static LayerKey of(
      String compressionSettings, List<ArchiveItem> plan, Map<Path, String> content) {
    MessageDigest inputs = Digest.newSha256();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, FORMAT);
      text(out, PluginVersion.get());
      text(out, compressionSettings);
      out.writeInt(plan.size());
      for (ArchiveItem entry : plan) {
        text(out, entry.name());
        text(out, entry.type().name());
        out.writeInt(entry.mode());
        out.writeLong(entry.uid());
        out.writeLong(entry.gid());
        out.writeLong(entry.mtimeSeconds());
        out.writeLong(entry.size());
        text(out, entry.symlinkTarget());
        text(out, entry.hardlinkTarget());
        out.writeLong(entry.devMajor());
        out.writeLong(entry.devMinor());
        out.writeInt(entry.xattrs().size());
        for (Map.Entry<String, byte[]> xattr : new java.util.TreeMap<>(entry.xattrs()).entrySet()) {
          text(out, xattr.getKey());
          out.writeInt(xattr.getValue().length);
          out.write(xattr.getValue());
        }
        text(out, entry.source() == null ? null : content.get(entry.source()));
        if (bytes.size() > 1 << 16) {
          out.flush();
          inputs.update(bytes.toByteArray());
          bytes.reset();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array never fails
    }
    inputs.update(bytes.toByteArray());
    byte[] inputsHash = inputs.digest();
    return new LayerKey(
        Digest.of(labelled(KEY_LABEL, inputsHash)).hex(), labelled(SEAL_LABEL, inputsHash));
  }

  /** One hash of the inputs gives both: neither can be computed from the other. */
  private static byte[] labelled(byte[] label, byte[] inputsHash) {
    MessageDigest sha256 = Digest.newSha256();
    sha256.update(label);
    return sha256.digest(inputsHash);
  }

  @Override
  public String toString() {
    return hex; // never the seal key
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayerKey that
        && hex.equals(that.hex)
        && java.util.Arrays.equals(sealKey, that.sealKey);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  /** Length-prefixed UTF-8 (-1 for null), so that no two field sequences share an encoding. */
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
