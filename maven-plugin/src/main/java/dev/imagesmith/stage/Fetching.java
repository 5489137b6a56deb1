package dev.imagesmith.stage;

import dev.imagesmith.debian.ArchiveMirror;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.net.Proxies;

/**
 * How {@code download} and {@code debian} steps fetch: what a transfer may take and bring, the
 * proxies on the way, and the mirror that stands in for Debian's archive.
 *
 * @param debianMirror {@code null} for Debian's archive itself
 */
public record Fetching(TransferLimits limits, Proxies proxies, ArchiveMirror debianMirror) {
  /** Default limits, no proxy, no mirror. */
  public static final Fetching DEFAULT = new Fetching(TransferLimits.DEFAULT, Proxies.NONE, null);

  public Fetching {
    limits = limits == null ? TransferLimits.DEFAULT : limits;
    proxies = proxies == null ? Proxies.NONE : proxies;
  }
}
