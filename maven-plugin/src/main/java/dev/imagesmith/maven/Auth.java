package dev.imagesmith.maven;

/**
 * {@code <auth>}: credentials for one registry written in the POM. Best with the password in an
 * environment variable that the POM names but does not expand: {@code
 * <auth><username>builder</username><passwordEnv>REGISTRY_TOKEN</passwordEnv></auth>}. The plugin
 * reads the variable when it runs, so the secret never passes through Maven: {@code mvn -X} prints
 * every configured value of a plugin, and a {@code <password>${env.REGISTRY_TOKEN}</password>} is
 * expanded by Maven before that. Without {@code <registry>} they are for the registry of {@code
 * <to><image>}.
 */
public final class Auth {
  private String username;
  private String password;
  private String passwordEnv;
  private String registry;

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  /** The name of the environment variable holding the password, or {@code null}. */
  String passwordEnv() {
    return passwordEnv;
  }

  String registry() {
    return registry;
  }

  /**
   * Never shows the password. Note that this alone does not keep it out of {@code mvn -X}: Maven
   * prints each field it sets; only {@code <passwordEnv>} does.
   */
  @Override
  public String toString() {
    return "Auth[username="
        + username
        + ", registry="
        + registry
        + (passwordEnv != null ? ", passwordEnv=" + passwordEnv : ", password=****")
        + "]";
  }
}
