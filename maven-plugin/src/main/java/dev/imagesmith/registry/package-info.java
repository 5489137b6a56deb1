/**
 * Registries: pulling base images into a content-addressed cache and pushing built images, digest
 * for digest, with the documents stored beside them ({@link dev.imagesmith.registry.ReferrerPush}:
 * the referrers API, or the OCI distribution spec's {@code sha256-<hex>} tag). The only package
 * that imports Jib Core ({@code com.google.cloud.tools.jib}); {@code PackageRulesTest} keeps it so.
 *
 * <p>What Jib does here: Docker Hub's registry aliases for docker {@code config.json} lookups
 * ({@link com.google.cloud.tools.jib.registry.RegistryAliasGroup}), nothing else. References are
 * read with the plugin's one grammar, {@link dev.imagesmith.plan.ImageReference}; {@link
 * dev.imagesmith.registry.RegistryRef} expands Docker Hub's short names from it. The config file
 * and its credential helpers are read by {@link dev.imagesmith.registry.DockerConfigCredentials}
 * itself: Jib runs helpers from the JVM's {@code PATH} only and hides their failures. What we do on
 * {@code java.net.http} behind {@link dev.imagesmith.registry.RegistryClient}: the distribution
 * protocol itself. Jib's {@code RegistryClient} re-serialises manifests from its own templates (the
 * pushed digest would not be ours, and a pulled manifest's bytes are lost), retries I/O errors but
 * not 429/5xx, and takes its TLS trust only from the JVM default; every one of those is a promise
 * of this package.
 *
 * <p>The parts, from the build down to the wire:
 *
 * <ul>
 *   <li>{@link dev.imagesmith.registry.RegistryPuller} and {@link
 *       dev.imagesmith.registry.RegistryPusher}: what the build asks (open a base image through the
 *       {@link dev.imagesmith.registry.BlobCache}, push an OCI layout), on one {@link
 *       dev.imagesmith.registry.RegistryClient} per registry from {@link
 *       dev.imagesmith.registry.Registries}, which looks the credentials up once ({@code Login}). A
 *       pull asks the registry's {@link dev.imagesmith.registry.RegistryMirrors} first, through
 *       {@code PullSources}; a push never does.
 *   <li>{@code HttpRegistryClient}: the client, a facade that runs each operation as one endpoint:
 *       {@code ResolveTag}, {@code PullManifest}, {@code PullBlob}, {@code CheckBlob}, {@code
 *       MountBlob}, {@code PushBlob}, {@code PushManifest}. An {@code Endpoint} says what it asks
 *       and what it makes of the answer; its {@code RegistryCall} sends below {@code
 *       /v2/<repository>/} and words the failures ({@code RegistryErrors}).
 *   <li>{@code Retrying}: the {@link dev.imagesmith.registry.RetryPolicy} around each operation:
 *       408, 429, 5xx and I/O failures again after a pause that honours {@code Retry-After}; never
 *       offline, never a TLS failure.
 *   <li>{@code Transport}: one request with its redirects (checked by {@code RedirectTarget} and
 *       {@code AddressPolicy}: no downgrade, no SSRF) and the {@code Authorization} of each hop, at
 *       the address {@code SchemeProbe} found (HTTPS; plain HTTP only where allowed and TLS is not
 *       spoken), over the {@code Wire} (TLS trust, timeouts, bodies read under {@link
 *       dev.imagesmith.io.LimitedBody}, redacted names).
 *   <li>{@code Authenticator}: the registry's challenge, basic credentials or a bearer token per
 *       {@code Scope} from the {@code TokenService} (realm checked by {@code TokenRealm}, identity
 *       tokens as an OAuth2 refresh grant), one renewal after a 401; credentials go to the
 *       registry's own {@code host:port} only.
 * </ul>
 *
 * <p>May import {@code image}, {@code event}, {@code error}, {@code io}, {@code net} (proxies,
 * worded network failures), {@code store} (the blob cache is a content store, the remembered tags
 * keyed files), {@code plan.ImageReference}, {@code plan.ConfigPaths} (how its advice names the
 * credentials and insecure registries), Jackson and Jib Core; never Maven.
 */
package dev.imagesmith.registry;
