package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ImagePaths;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whiteout rule of layer.md, for whoever applies a layer: a whiteout hides what the layers
 * below hold, never what the same layer writes, whether it stands before or after that layer's own
 * entries in the archive. So a layer is applied in archive order while this remembers every path it
 * wrote (and their parents): a whiteout of a path the layer wrote keeps it (and, for a directory,
 * removes only the lower children), an opaque whiteout removes only the lower children.
 *
 * <p>One instance per layer. Paths are clean, resolved in-root by the caller.
 */
public final class LayerWhiteouts {
  /** What the rule removes from: a sandbox on disk, or an image's filesystem in memory. */
  public interface Target {
    /** True if an object lies at {@code path} (not following a symlink there). */
    boolean exists(String path) throws IOException;

    /** True if a directory lies at {@code path} (not following a symlink there). */
    boolean isDirectory(String path) throws IOException;

    /** The clean paths directly inside the directory {@code path}. */
    List<String> children(String path) throws IOException;

    /** Removes {@code path} and everything below it, for {@code why}. */
    void remove(String path, Why why) throws IOException;
  }

  /** Why a path goes. */
  public enum Why {
    /** A whiteout names it. */
    WHITEOUT,
    /** It lies below a directory that a whiteout names but this layer wrote: only lower content. */
    BELOW_WHITEOUT,
    /** It lies below an opaque directory. */
    OPAQUE
  }

  private final Set<String> written = new HashSet<>();

  /** The layer wrote {@code path}: it and its parents are the layer's own from now on. */
  public void wrote(String path) {
    for (String p = path; !p.equals("/") && written.add(p); ) {
      p = ImagePaths.parent(p);
    }
  }

  /**
   * Applies a whiteout of {@code victim} to {@code target}; true if something lay there (and so was
   * hidden, or kept as this layer's own).
   */
  public boolean whiteout(String victim, Target target) throws IOException {
    if (!target.exists(victim)) {
      return false; // nothing below to hide (also: a whiteout below a dead symlink, L6)
    }
    if (!written.contains(victim)) {
      target.remove(victim, Why.WHITEOUT);
    } else if (target.isDirectory(victim)) {
      removeLowerBelow(victim, target, Why.BELOW_WHITEOUT);
    }
    return true;
  }

  /**
   * Applies an opaque whiteout of {@code directory} to {@code target}; true if it is a directory
   * (whose lower children are then hidden).
   */
  public boolean opaque(String directory, Target target) throws IOException {
    if (!target.isDirectory(directory)) {
      return false;
    }
    removeLowerBelow(directory, target, Why.OPAQUE);
    return true;
  }

  /** Removes everything below {@code directory} that this layer did not write. */
  private void removeLowerBelow(String directory, Target target, Why why) throws IOException {
    Deque<String> work = new ArrayDeque<>();
    work.push(directory);
    while (!work.isEmpty()) {
      String current = work.pop();
      for (String child : target.children(current)) {
        if (!written.contains(child)) {
          target.remove(child, why);
        } else if (target.isDirectory(child)) {
          work.push(child);
        }
      }
    }
  }
}
