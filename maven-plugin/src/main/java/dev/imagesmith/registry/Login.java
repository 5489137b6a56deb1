package dev.imagesmith.registry;

import java.util.Optional;

/**
 * Who the client is at one registry, as {@link Registries} found it: the credential the sources
 * gave, if any, and the hint a 401 or 403 quotes ("used credentials of 'ci' from settings.xml ..",
 * "none found in docker config .."). The hint names sources, never the secret.
 */
record Login(Optional<RegistryCredential> credential, String hint) {}
