package dev.imagesmith.fs;

import dev.imagesmith.io.EpochNanos;
import dev.imagesmith.store.AtomicFile;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The metadata overlay of a sandbox on disk, so that a sandbox kept between builds (the stage
 * cache) keeps its setuid bits, owners, devices, xattrs and link groups.
 *
 * <p>Each record is tied to its host object by the JDK's file key ({@code (dev=...,ino=...)}) and
 * the object's ctime when the file was written. The kernel moves ctime on every change to an inode
 * (content, mode, links), and an inode number freed by a delete is often handed to the next new
 * file at once, so the file key alone cannot tell a replaced file. A sandbox is saved once its
 * stage is done; if any recorded object changed after that, reading fails and the caller builds the
 * stage again rather than guess. Binary, length-prefixed, written to a temporary file and renamed
 * into place. Version 3 added the targets as written of rewritten symlinks ({@link HostLinkText}),
 * version 4 the link groups of names spread over several inodes ({@link LinkSpreader}), version 5
 * the project files a copy-only stage linked in ({@link Sandbox#recordBorrowed}): tied to their
 * inode alone, as another stage linking the same project file moves its ctime; the caller checks
 * their content against the hash recorded. Version 6 writes the ctime as nanoseconds: version 5
 * wrote the JDK's text of it ({@code 2026-12-04T15:07:19.1Z}), whose own colons made "the same
 * inode, any ctime" keep the hour and minute, so an object moved aside and back in another minute
 * counted as changed.
 */
final class MetadataFile {
  private static final int MAGIC = 0x5a4d_e7a0;
  private static final int VERSION = 6;

  private MetadataFile() {}

  static void write(Path file, Sandbox sandbox, MetadataOverlay overlay) throws IOException {
    AtomicFile.to(file)
        .write(
            stream -> {
              DataOutputStream out = new DataOutputStream(stream);
              write(out, sandbox, overlay);
              out.flush();
            });
  }

  private static void write(DataOutputStream out, Sandbox sandbox, MetadataOverlay overlay)
      throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    overlay.forEach(
        (path, metadata, fileKey) -> {
          out.writeBoolean(true);
          out.writeUTF(path);
          out.writeUTF(identity(sandbox.hostPath(path)));
          out.writeInt(metadata.mode());
          out.writeLong(metadata.uid());
          out.writeLong(metadata.gid());
          out.writeUTF(metadata.type().name());
          out.writeLong(metadata.devMajor());
          out.writeLong(metadata.devMinor());
          out.writeInt(metadata.xattrs().size());
          for (Map.Entry<String, byte[]> xattr : metadata.xattrs().entrySet()) {
            out.writeUTF(xattr.getKey());
            out.writeInt(xattr.getValue().length);
            out.write(xattr.getValue());
          }
          out.writeBoolean(metadata.linkGroup() != null);
          if (metadata.linkGroup() != null) {
            out.writeUTF(metadata.linkGroup());
          }
        });
    out.writeBoolean(false);
    overlay.forEachLink(
        (path, original, onHost) -> {
          out.writeBoolean(true);
          out.writeUTF(path);
          out.writeUTF(identity(sandbox.hostPath(path)));
          out.writeUTF(original);
          out.writeUTF(onHost);
        });
    out.writeBoolean(false);
    overlay.forEachBorrowed(
        (path, since, sha256) -> {
          out.writeBoolean(true);
          out.writeUTF(path);
          out.writeUTF(identity(sandbox.hostPath(path))); // read back without its ctime
          out.writeLong(since);
          out.writeUTF(sha256);
        });
    out.writeBoolean(false);
  }

  /** What {@link #identity} is made of, and the file key, with one lstat. */
  private static final String IDENTITY = "unix:dev,ino,ctime,fileKey";

  /**
   * {@code dev:ino:ctime}, the ctime in nanoseconds since the epoch: changes whenever the object
   * does.
   */
  static String identity(Path host) throws IOException {
    return identity(Files.readAttributes(host, IDENTITY, LinkOption.NOFOLLOW_LINKS));
  }

  private static String identity(Map<String, Object> unix) {
    return unix.get("dev")
        + ":"
        + unix.get("ino")
        + ":"
        + EpochNanos.of((FileTime) unix.get("ctime"));
  }

  /**
   * The file key of the object at {@code path} if its identity is still {@code recordedKey}; for a
   * path {@code moved} accepts, the same inode is enough (the caller renamed it, which moves
   * ctime).
   */
  private static Object unchangedKey(
      Sandbox sandbox, String path, String recordedKey, Predicate<String> moved)
      throws IOException {
    Path host = sandbox.hostPath(path);
    String now;
    Object fileKey = null;
    try {
      // One lstat for the identity and the file key (a kept stage has a record per file).
      Map<String, Object> unix = Files.readAttributes(host, IDENTITY, LinkOption.NOFOLLOW_LINKS);
      now = identity(unix);
      fileKey = unix.get("fileKey");
    } catch (NoSuchFileException e) {
      now = "gone";
    }
    if (moved.test(path)) {
      now = inodeOf(now);
      recordedKey = inodeOf(recordedKey);
    }
    if (!recordedKey.equals(now)) {
      throw new IOException(
          path + " in the sandbox changed after its stage was built; the stage runs again");
    }
    return fileKey;
  }

  /** The {@code dev:ino} of an identity (what a rename keeps), or the identity ({@code gone}). */
  static String inodeOf(String identity) {
    int afterDev = identity.indexOf(':');
    int afterIno = afterDev < 0 ? -1 : identity.indexOf(':', afterDev + 1);
    return afterIno < 0 ? identity : identity.substring(0, afterIno);
  }

  static void read(Path file, Sandbox sandbox, MetadataOverlay overlay) throws IOException {
    read(file, sandbox, overlay, path -> false);
  }

  /**
   * @param moved the paths the caller moved out of the sandbox and back since the file was written
   *     (and their directories): their inode must be the same, their ctime may not
   */
  static void read(Path file, Sandbox sandbox, MetadataOverlay overlay, Predicate<String> moved)
      throws IOException {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a sandbox metadata file of this version");
      }
      while (in.readBoolean()) {
        String path = in.readUTF();
        String recordedKey = in.readUTF();
        int mode = in.readInt();
        long uid = in.readLong();
        long gid = in.readLong();
        FileType type = FileType.valueOf(in.readUTF());
        long devMajor = in.readLong();
        long devMinor = in.readLong();
        int count = in.readInt();
        Map<String, byte[]> xattrs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          String name = in.readUTF();
          int length = in.readInt();
          if (length < 0 || length > 1 << 20) {
            throw new IOException(file + " is damaged: xattr of " + length + " bytes");
          }
          byte[] value = new byte[length];
          in.readFully(value);
          xattrs.put(name, value);
        }
        String linkGroup = in.readBoolean() ? in.readUTF() : null;
        Object fileKey = unchangedKey(sandbox, path, recordedKey, moved);
        overlay.put(
            path,
            new Metadata(mode, uid, gid, type, devMajor, devMinor, xattrs, linkGroup),
            fileKey);
      }
      while (in.readBoolean()) {
        String path = in.readUTF();
        String recordedKey = in.readUTF();
        String original = in.readUTF();
        String onHost = in.readUTF();
        overlay.putLink(path, original, onHost, unchangedKey(sandbox, path, recordedKey, moved));
      }
      while (in.readBoolean()) {
        String path = in.readUTF();
        String recordedKey = in.readUTF();
        long since = in.readLong();
        String sha256 = in.readUTF();
        overlay.putBorrowed(
            path, since, sha256, unchangedKey(sandbox, path, recordedKey, any -> true));
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
  }
}
