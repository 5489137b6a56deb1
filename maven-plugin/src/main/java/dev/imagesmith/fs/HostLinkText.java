package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a symlink of a sandbox holds on the host, so that the host kernel resolves it where the
 * stage does (section H of the security cases).
 *
 * <p>The plugin resolves a link's target inside the stage root (securejoin); a host process, such
 * as a {@code run} step's shell, asks the kernel, which takes an absolute target from the host's
 * root and lets {@code ..} climb above the stage root. A target is safe for the kernel when it is
 * <em>downward</em>: relative, some {@code ..} at its start that climb no higher than the stage
 * root from the link's directory, then only names. A link whose every intermediate link is downward
 * never leaves the stage root, however the kernel chains them, and it still follows later changes
 * of the links it passes through. Such targets (almost every target of a real image: {@code
 * libc.so.6 -> libc-2.36.so}, {@code ../lib/x}, {@code lib64 -> usr/lib64}) are kept as written.
 *
 * <p>Any other target is rewritten to climb exactly to the stage root and descend to the place the
 * stage resolves it to: {@code /usr/lib} in {@code /lib} becomes {@code ../usr/lib}, {@code
 * ../../../../etc} in {@code /a} becomes {@code ../etc}. A {@code ..} after a name ({@code x/../y})
 * depends on what {@code x} is, so the part up to the last {@code ..} is resolved in the stage as
 * it is now; only the names after it stay live.
 */
final class HostLinkText {
  /** Resolves a path in the stage from already-resolved components, following every link. */
  interface Resolver {
    List<String> resolve(List<String> start, String unsafe) throws IOException;
  }

  private HostLinkText() {}

  /**
   * True if the kernel, following {@code text} from a directory {@code depth} levels below the
   * stage root, never climbs above the root: relative, at most {@code depth} leading {@code ..},
   * and no {@code ..} after a name.
   */
  static boolean isDownward(String text, int depth) {
    if (text.isEmpty() || text.startsWith("/")) {
      return false;
    }
    int climbs = 0;
    boolean named = false;
    for (String part : text.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (named || ++climbs > depth) {
          return false;
        }
      } else {
        named = true;
      }
    }
    return true;
  }

  /**
   * The host text for a link whose target is {@code original} (as written) and which lives in the
   * clean directory {@code directory} (its components). {@code original} itself when it is downward
   * there.
   */
  static String forHost(String original, List<String> directory, Resolver resolver)
      throws IOException {
    int depth = directory.size();
    if (isDownward(original, depth)) {
      return original;
    }
    List<String> parts = ImagePaths.components(original);
    int lastClimb = parts.lastIndexOf("..");
    List<String> place = new ArrayList<>();
    if (lastClimb >= 0) {
      String head =
          (original.startsWith("/") ? "/" : "") + String.join("/", parts.subList(0, lastClimb + 1));
      place.addAll(resolveOrClamp(head, directory, resolver));
    }
    for (String part : parts.subList(lastClimb + 1, parts.size())) {
      if (!part.equals(".")) {
        place.add(part);
      }
    }
    List<String> text = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      text.add("..");
    }
    text.addAll(place);
    return text.isEmpty() ? "." : String.join("/", text);
  }

  /**
   * Where {@code head} leads in the stage; a loop of links (which the kernel would refuse as well)
   * falls back to lexical clamping, which still stays inside.
   */
  private static List<String> resolveOrClamp(String head, List<String> directory, Resolver resolver)
      throws IOException {
    try {
      return resolver.resolve(head.startsWith("/") ? List.of() : directory, head);
    } catch (FileSystemLoopException e) {
      List<String> place = new ArrayList<>(head.startsWith("/") ? List.of() : directory);
      for (String part : ImagePaths.components(head)) {
        if (part.equals("..")) {
          if (!place.isEmpty()) {
            place.remove(place.size() - 1);
          }
        } else if (!part.equals(".")) {
          place.add(part);
        }
      }
      return place;
    }
  }
}
