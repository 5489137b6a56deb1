/**
 * How the build reaches the network: the forward proxies of settings.xml, the JVM's properties or
 * the environment ({@link dev.imagesmith.net.Proxies}, {@link dev.imagesmith.net.ProxyDefaults}),
 * the hosts that bypass them ({@link dev.imagesmith.net.NonProxyHosts}), and the failures a user
 * can act on, worded ({@link dev.imagesmith.net.NetworkFailure}: a name no DNS answers, a proxy
 * that wants credentials). Every HTTP client of the build (registries, {@code download} and {@code
 * debian} steps) is configured here, so they all take the same way out.
 *
 * <p>May import {@code error} alone (the {@code io} package's {@code UrlReader} uses it); never
 * Maven.
 */
package dev.imagesmith.net;
