package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether the client follows a registry's 3xx (security-cases.md N4): blob and manifest downloads
 * are often sent to object storage on another host, with a signed query. The {@code Location} is
 * the registry's choice, so a hostile registry could use us for a blind SSRF from the build machine
 * (cloud metadata at 169.254.169.254, services on this machine or in its network). The target must
 * pass the {@link AddressPolicy} like a token realm does, and https is never left for http. Whether
 * credentials go along is not decided here: they never leave the registry's {@code host:port}.
 */
final class RedirectTarget {
  private RedirectTarget() {}

  /**
   * The URI to follow, once it is allowed.
   *
   * @param registry {@code host[:port]} whose answer redirected
   * @param operation what was asked, for the message ({@code repository team/app: GET
   *     /v2/team/app/blobs/sha256:..})
   * @param current the URI that answered with the redirect
   * @param location the {@code Location} header as sent; resolved against {@code current}, its raw
   *     query kept as it is (signed URLs)
   * @throws UserInputException naming the registry, the operation, the Location and the reason;
   *     nothing was sent there
   */
  static URI check(
      String registry,
      String operation,
      URI current,
      String location,
      AddressPolicy.Resolver resolver) {
    // A storage URL is usually signed (X-Amz-Signature): quoted with its secrets masked.
    String head =
        "registry "
            + registry
            + ", "
            + operation
            + ": redirected to '"
            + Redaction.url(location)
            + "'";
    URI next;
    try {
      next = current.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(head + ", which is not a valid URL; refusing to follow it");
    }
    if (next.getHost() == null
        || !("https".equals(next.getScheme()) || "http".equals(next.getScheme()))) {
      throw new UserInputException(
          head + ", which is not an http(s) URL with a host; refusing to follow it");
    }
    if ("https".equals(current.getScheme()) && !"https".equals(next.getScheme())) {
      throw new UserInputException(
          head + ", from https to " + next.getScheme() + "; refusing the downgrade");
    }
    Optional<AddressPolicy.Refusal> refusal;
    try {
      refusal = AddressPolicy.refusal(registry, next.getHost(), resolver);
    } catch (UnknownHostException e) {
      throw new UserInputException(
          head + ", whose IPv6 address " + next.getHost() + " is not valid; refusing to follow it");
    }
    if (refusal.isPresent()) {
      AddressPolicy.Reach reach = refusal.get().reach();
      String host = AddressPolicy.bare(next.getHost());
      String fix =
          switch (reach) {
            case LOOPBACK ->
                "A registry on another machine may not send the client to this one. If the"
                    + " storage really runs here, reach the registry through localhost as well";
            case PRIVATE ->
                "A registry outside your private network may not send the client into it. If"
                    + " this storage is yours, reach the registry by its private address or name"
                    + " (then its storage may be private too)";
            default ->
                "No registry storage belongs there: the registry is misconfigured or hostile."
                    + " Check the registry named in the image reference";
          };
      throw new UserInputException(
          head
              + ", on "
              + host
              + AddressPolicy.resolvedNote(host, refusal.get().address())
              + ", "
              + reach.description
              + ", not the registry's own host; refusing to follow it (SSRF). "
              + fix);
    }
    return next;
  }
}
