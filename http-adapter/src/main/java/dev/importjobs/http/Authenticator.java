package dev.importjobs.http;

import com.sun.net.httpserver.Headers;
import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.auth.TokenVerifier;
import java.util.Locale;

/** Turns a request's token headers into a principal, per the auth mode (docs/server.md#auth). */
final class Authenticator {
    static final String TOKEN_HEADER = "x-stack-access-token";

    private final AuthMode mode;
    private final TokenVerifier verifier;

    Authenticator(AuthMode mode, TokenVerifier verifier) {
        this.mode = mode;
        this.verifier = verifier;
    }

    AuthMode mode() {
        return mode;
    }

    Principal authenticate(Headers headers) {
        if (mode == AuthMode.OFF) {
            return Principal.ANONYMOUS;
        }
        String direct = headers.getFirst(TOKEN_HEADER);
        String authorization = headers.getFirst("Authorization");
        String bearer = null;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw invalid();
            }
            bearer = authorization.substring(7).strip();
        }
        if (direct != null && bearer != null && !direct.strip().equals(bearer)) {
            throw invalid();
        }
        String token = direct != null ? direct.strip() : bearer;
        if (token == null) {
            if (mode == AuthMode.REQUIRED) {
                throw new HttpProblem(ErrorCode.NO_TOKEN, "No auth token");
            }
            return Principal.ANONYMOUS;
        }
        if (token.isEmpty()) {
            throw invalid();
        }
        return verifier.verify(token).orElseThrow(Authenticator::invalid);
    }

    private static HttpProblem invalid() {
        return new HttpProblem(ErrorCode.INVALID_TOKEN, "Invalid Token");
    }

    @Override
    public String toString() {
        return "auth " + mode.name().toLowerCase(Locale.ROOT);
    }
}
