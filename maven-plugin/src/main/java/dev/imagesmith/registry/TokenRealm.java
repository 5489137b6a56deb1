package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a registry's {@code Bearer realm} may send the client for a token (security-cases.md N1).
 * The realm comes from the registry's answer, so a hostile registry chooses it; the client must not
 * become its tool for reaching addresses only the build machine can reach, with or without the
 * user's password.
 *
 * <p>A realm on another host name than the registry's must be https (plain HTTP is allowed on the
 * registry's own host name alone) and pass the {@link AddressPolicy}: no link-local, unspecified or
 * multicast address, loopback only for a loopback registry, private only for a registry inside a
 * private network.
 */
final class TokenRealm {
  private TokenRealm() {}

  /**
   * The realm as a URI, once it is allowed.
   *
   * @param registry {@code host[:port]} that sent the challenge
   * @param plainHttpAllowed whether the registry may be reached over plain HTTP (loopback or listed
   *     in {@code <insecureRegistries>})
   * @throws UserInputException naming the registry, the realm and the reason; nothing was sent
   */
  static URI check(
      String registry, String realm, boolean plainHttpAllowed, AddressPolicy.Resolver resolver) {
    URI uri = parse(registry, realm);
    String shown = Redaction.url(realm); // a realm may carry a token in its query
    boolean sameHost = AddressPolicy.isRegistryHost(registry, uri.getHost());
    Optional<AddressPolicy.Refusal> refusal;
    try {
      refusal = AddressPolicy.refusal(registry, uri.getHost(), resolver);
    } catch (UnknownHostException e) {
      throw new UserInputException(
          "registry "
              + registry
              + ": its token realm '"
              + shown
              + "' names the IPv6 address ["
              + AddressPolicy.bare(uri.getHost())
              + "], which is not valid; refusing it");
    }
    if (refusal.isPresent()) {
      throw refused(registry, shown, uri.getHost(), refusal.get());
    }
    boolean https = "https".equals(uri.getScheme());
    if (!https && !("http".equals(uri.getScheme()) && sameHost && plainHttpAllowed)) {
      // A token realm over plain HTTP on another host would carry our password in the clear.
      throw new UserInputException(
          "registry "
              + registry
              + ": its token service "
              + shown
              + " is not https and not on the registry's own host; refusing to send credentials"
              + " or ask for tokens there. Serve the token service over https");
    }
    return uri;
  }

  private static UserInputException refused(
      String registry, String realm, String host, AddressPolicy.Refusal refusal) {
    String fix =
        switch (refusal.reach()) {
          case LOOPBACK ->
              "A registry on another machine may not send the client to this one. If the token"
                  + " service really runs here, reach the registry through localhost as well";
          case PRIVATE ->
              "A registry outside your private network may not send the client into it. If this"
                  + " token service is yours, reach the registry by its private address or name"
                  + " (then its token service may be private too), or serve the token service on"
                  + " the registry's own host name";
          default ->
              "No token service belongs there: the registry is misconfigured or hostile. Check"
                  + " the registry named in the image reference";
        };
    String realmHost = AddressPolicy.bare(host);
    return new UserInputException(
        "registry "
            + registry
            + ": its token realm '"
            + realm
            + "' is on "
            + realmHost
            + AddressPolicy.resolvedNote(realmHost, refusal.address())
            + ", "
            + refusal.reach().description
            + ", not the registry's own host; refusing to contact it (SSRF). "
            + fix);
  }

  private static URI parse(String registry, String realm) {
    try {
      URI uri = new URI(realm);
      if (uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // worded below
    }
    throw new UserInputException(
        "registry "
            + registry
            + ": its token realm '"
            + Redaction.url(realm)
            + "' is not an absolute URL");
  }
}
