package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hardlinks in a sandbox beyond the host's limit of links per inode (ext4: 65,000; an image layer
 * may give one file more names than that, R7/M2).
 *
 * <p>When the host refuses a link with EMLINK, the new name gets a copy of the file on a new host
 * inode, and every name of the full inode and of the copy is recorded in the metadata overlay as
 * one link group ({@link Metadata#linkGroup}); further links go to the copy until it is full in
 * turn. {@link Sandbox#walk} reports a group as one inode, so the layer writer still writes one
 * file and tar hardlinks to it, and the image is the one a host without the limit would give. A
 * group record is tied to each name's host inode like any other record: a name replaced later
 * leaves the group, and so does every name whose inode a host command changes ({@link
 * Sandbox#hostCommand}).
 */
final class LinkSpreader {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Sandbox sandbox;
  private final MetadataOverlay overlay;

  /** The name whose inode takes the next links meant for a full inode, and that inode. */
  private record Next(String cleanPath, Object inode) {}

  /** A host inode that is full, by file key: where its next links go. */
  private final Map<Object, Next> nextTarget = new HashMap<>();

  LinkSpreader(Sandbox sandbox, MetadataOverlay overlay) {
    this.sandbox = sandbox;
    this.overlay = overlay;
  }

  /**
   * Makes {@code cleanPath} (nothing there) a name of the object at {@code targetPath}, sharing its
   * metadata and link group.
   */
  void link(String cleanPath, String targetPath) throws IOException {
    Path host = sandbox.hostPath(cleanPath);
    Object targetKey = key(sandbox.hostPath(targetPath));
    String linkTo = targetPath;
    Next next = nextTarget.get(targetKey);
    if (next != null) {
      // Only while both are still what they were: the copy's inode, and a target in its group
      // (an inode number freed by a delete is soon handed to a new, unrelated file).
      Object nextKey = keyOrNull(sandbox.hostPath(next.cleanPath()));
      String group = groupOf(targetPath, targetKey);
      if (next.inode().equals(nextKey)
          && group != null
          && group.equals(groupOf(next.cleanPath(), nextKey))) {
        linkTo = next.cleanPath();
      }
    }
    try {
      Files.createLink(host, sandbox.hostPath(linkTo));
    } catch (FileSystemException e) {
      if (e.getReason() == null || !e.getReason().contains("Too many links")) {
        throw e;
      }
      Metadata full = sandbox.metadataOf(linkTo);
      if (full.linkGroup() == null) {
        joinGroup(linkTo, UUID.randomUUID().toString());
      }
      // A new host inode with the same bytes, mode and times; a symlink stays a symlink.
      Files.copy(sandbox.hostPath(linkTo), host, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
      Next copy = new Next(cleanPath, key(host));
      nextTarget.put(targetKey, copy);
      nextTarget.put(key(sandbox.hostPath(linkTo)), copy);
    }
    // The target's record, its link group included (the copy's is the target's group).
    overlay.put(cleanPath, sandbox.metadataOf(linkTo), key(host));
  }

  /**
   * Records {@code group} on every name of the host inode at {@code cleanPath}: one walk of the
   * sandbox, made once per group (when an inode first fills up).
   */
  private void joinGroup(String cleanPath, String group) throws IOException {
    Object inode = key(sandbox.hostPath(cleanPath));
    Path root = sandbox.root();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (inode.equals(attributes.fileKey())) {
              String name = "/" + root.relativize(file).toString();
              overlay.put(name, sandbox.metadataOf(name).inLinkGroup(group), inode);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // a directory a run step closed: not ours to read
          }
        });
  }

  /** The identity (file key and ctime) of every name in a link group, before a host command. */
  Map<String, String> groupIdentities() throws IOException {
    Map<String, String> identities = new HashMap<>();
    overlay.forEach(
        (path, metadata, inode) -> {
          if (metadata.linkGroup() != null) {
            identities.put(path, identityOrGone(path));
          }
        });
    return identities;
  }

  /**
   * After a host command: every name whose inode the command changed (edited, chmod-ed, linked,
   * replaced, even by a new file that got a freed inode number) leaves its group and is a file of
   * its own again, so that a layer always holds what the host files hold. Its other metadata stays
   * as the overlay's rules say.
   */
  void leaveChangedGroups(Map<String, String> before) throws IOException {
    List<Record> changed = new ArrayList<>();
    overlay.forEach(
        (path, metadata, inode) -> {
          String was = before.get(path);
          if (was != null && metadata.linkGroup() != null && !was.equals(identityOrGone(path))) {
            changed.add(new Record(path, metadata, inode));
          }
        });
    for (Record record : changed) {
      Metadata m = record.metadata();
      Metadata alone =
          new Metadata(
              m.mode(), m.uid(), m.gid(), m.type(), m.devMajor(), m.devMinor(), m.xattrs());
      overlay.put(record.path(), alone, record.inode());
    }
  }

  private record Record(String path, Metadata metadata, Object inode) {}

  private String identityOrGone(String cleanPath) throws IOException {
    try {
      return MetadataFile.identity(sandbox.hostPath(cleanPath));
    } catch (NoSuchFileException e) {
      return "gone";
    }
  }

  private String groupOf(String cleanPath, Object inode) {
    Metadata recorded = overlay.get(cleanPath, inode);
    return recorded == null ? null : recorded.linkGroup();
  }

  private static Object keyOrNull(Path host) throws IOException {
    try {
      return key(host);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Object key(Path host) throws IOException {
    return Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW).fileKey();
  }
}
