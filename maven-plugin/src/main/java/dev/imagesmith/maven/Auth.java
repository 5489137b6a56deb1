package dev.imagesmith.maven;

/**
 * {@code <auth>}: credentials for one registry written in the POM, best as environment references
 * so the secret never sits in a file: {@code
 * <auth><username>${env.REGISTRY_USER}</username><password>${env.REGISTRY_TOKEN}</password></auth>}.
 * Without {@code <registry>} they are for the registry of {@code <to><image>}.
 */
public final class Auth {
  private String username;
  private String password;
  private String registry;

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  String registry() {
    return registry;
  }

  /** Never shows the password, even under {@code mvn -X} (SECURITY-CASES.md O8). */
  @Override
  public String toString() {
    return "Auth[username=" + username + ", registry=" + registry + ", password=****]";
  }
}
