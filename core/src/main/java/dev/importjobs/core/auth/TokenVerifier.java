package dev.importjobs.core.auth;

import dev.importjobs.core.auth.Principal;
import java.util.Optional;

/**
 * Turns an access token into the principal it stands for. An embedding application implements it for
 * its own tokens (JWTs, say); the server ships one that reads a file of token hashes.
 */
@FunctionalInterface
public interface TokenVerifier {
    /** The principal of a valid token; empty when the token does not verify. Never throws for bad input. */
    Optional<Principal> verify(String token);
}
