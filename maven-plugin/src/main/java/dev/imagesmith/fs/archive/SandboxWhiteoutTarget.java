package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.ResolveMemo;
import dev.imagesmith.fs.Sandbox;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a layer's whiteouts remove from when a sandbox applies it: the sandbox's files, links never
 * followed. A whited-out object's parent keeps its mtime (L1); every removal forgets the writer's
 * remembered resolutions, since what goes may be or hold a symlink (M3).
 */
final class SandboxWhiteoutTarget implements LayerWhiteouts.Target {
  private final Sandbox sandbox;
  private final ResolveMemo memo;

  SandboxWhiteoutTarget(Sandbox sandbox, ResolveMemo memo) {
    this.sandbox = sandbox;
    this.memo = memo;
  }

  @Override
  public boolean exists(String path) throws IOException {
    return NoFollow.lstat(sandbox.hostPath(path)) != null;
  }

  @Override
  public boolean isDirectory(String path) throws IOException {
    BasicFileAttributes attributes = NoFollow.lstat(sandbox.hostPath(path));
    return attributes != null && attributes.isDirectory();
  }

  @Override
  public List<String> children(String path) throws IOException {
    List<String> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(sandbox.hostPath(path))) {
      for (Path child : stream) {
        children.add(ImagePaths.child(path, child.getFileName().toString()));
      }
    }
    return children;
  }

  @Override
  public void remove(String path, LayerWhiteouts.Why why) throws IOException {
    memo.forget(); // what goes may be or hold symlinks
    if (why != LayerWhiteouts.Why.WHITEOUT) {
      sandbox.delete(path);
      return;
    }
    Path parent = sandbox.hostPath(ImagePaths.parent(path));
    BasicFileAttributes before = NoFollow.lstat(parent);
    sandbox.delete(path);
    if (before != null && before.isDirectory()) {
      Files.getFileAttributeView(parent, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(before.lastModifiedTime(), null, null);
    }
  }
}
