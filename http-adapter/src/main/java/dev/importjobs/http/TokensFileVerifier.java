package dev.importjobs.http;

import dev.importjobs.core.auth.Permission;
import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.model.Organizations;
import dev.importjobs.core.auth.TokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tokens file (docs/server.md#the-tokens-file): SHA-256 hashes of tokens, never the tokens, each with the principal
 * it stands for.
 *
 * <pre>{@code
 * {"tokens": [{"sha256": "<64 hex digits>", "subject": "importer",
 *              "organizations": ["org_123"], "permissions": ["*"]}]}
 * }</pre>
 *
 * <p>A presented token is hashed and compared with every entry in constant time, so neither the
 * comparison nor the number of entries checked says how close a guess came.
 */
public final class TokensFileVerifier implements TokenVerifier {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> ENTRY_FIELDS = Set.of("sha256", "subject", "organizations", "permissions");
    private static final Set<String> PERMISSIONS = Arrays.stream(Permission.values())
            .map(Permission::wireName).collect(Collectors.toUnmodifiableSet());

    private final List<Entry> entries;

    private TokensFileVerifier(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads and checks a tokens file.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is not a valid tokens file; the message names the file,
     *                                  the entry and the rule
     */
    public static TokensFileVerifier load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokens file " + file + ": " + reason(e), e);
        }
        return parse(content, "tokens file " + file);
    }

    /** Reads a tokens file's content; {@code source} names it in messages. */
    static TokensFileVerifier parse(byte[] content, String source) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(content);
        } catch (HttpProblem e) {
            throw new IllegalArgumentException(source + " is not a JSON object: " + e.getMessage(), e);
        }
        Entries reader = new Entries(source);
        Set<String> unknown = new LinkedHashSet<>(root.keySet());
        unknown.remove("tokens");
        if (!unknown.isEmpty()) {
            throw reader.invalid("", "has unknown field '" + unknown.iterator().next() + "' (known: tokens)");
        }
        if (!(root.get("tokens") instanceof List<?> list)) {
            throw reader.invalid("", "needs \"tokens\": a list of {sha256, subject, organizations, permissions}");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Entry entry = reader.entry(i, list.get(i));
            Integer earlier = seen.putIfAbsent(HexFormat.of().formatHex(entry.sha256), i);
            if (earlier != null) {
                throw reader.invalid("tokens[" + i + "].sha256", "repeats the hash of tokens[" + earlier + "]");
            }
            entries.add(entry);
        }
        return new TokensFileVerifier(entries);
    }

    @Override
    public Optional<Principal> verify(String token) {
        byte[] hash = sha256(token);
        Principal found = null;
        // Every entry is compared, whatever matched: the time taken says nothing about which one did.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256, hash)) {
                found = entry.principal;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The lowercase hex SHA-256 of the token's UTF-8 bytes, as the tokens file holds it. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "TokensFileVerifier[" + entries.size() + " tokens]";
    }

    private record Entry(byte[] sha256, Principal principal) {
    }

    /** Checks the entries of one file, naming it and the entry in every message. */
    private record Entries(String source) {
        Entry entry(int index, Object value) {
            String at = "tokens[" + index + "]";
            if (!(value instanceof Map<?, ?> fields)) {
                throw invalid(at, "must be an object {sha256, subject, organizations, permissions}");
            }
            for (Object name : fields.keySet()) {
                if (!ENTRY_FIELDS.contains(name)) {
                    throw invalid(at, "has unknown field '" + name + "' (known: sha256, subject, organizations, permissions)");
                }
            }
            String sha256 = text(fields, at, "sha256");
            if (!SHA256_HEX.matcher(sha256).matches()) {
                throw invalid(at + ".sha256", "must be 64 hex digits, the SHA-256 of the token (see hash-token)");
            }
            String subject = text(fields, at, "subject");
            if (subject.isBlank()) {
                throw invalid(at + ".subject", "must not be empty");
            }
            Set<String> organizations = names(fields, at, "organizations");
            for (String organization : organizations) {
                if (!organization.equals(Principal.ALL) && !Organizations.isValid(organization)) {
                    throw invalid(at + ".organizations", "holds '" + organization
                            + "', not an organization id (3-128 of A-Z a-z 0-9 _ -) or \"*\"");
                }
            }
            Set<String> permissions = names(fields, at, "permissions");
            for (String permission : permissions) {
                if (!permission.equals(Principal.ALL) && !PERMISSIONS.contains(permission)) {
                    throw invalid(at + ".permissions", "holds unknown permission '" + permission + "' (known: \"*\", "
                            + String.join(", ", PERMISSIONS.stream().sorted().toList()) + ")");
                }
            }
            return new Entry(HexFormat.of().parseHex(sha256.toLowerCase(Locale.ROOT)),
                    new Principal(subject, organizations, permissions));
        }

        private String text(Map<?, ?> fields, String at, String name) {
            if (!(fields.get(name) instanceof String value)) {
                throw invalid(at + "." + name, fields.containsKey(name) ? "must be a string" : "is missing");
            }
            return value;
        }

        private Set<String> names(Map<?, ?> fields, String at, String name) {
            String path = at + "." + name;
            if (!(fields.get(name) instanceof List<?> list)) {
                throw invalid(path, fields.containsKey(name) ? "must be a list of strings" : "is missing");
            }
            if (list.isEmpty()) {
                throw invalid(path, "must not be empty (\"*\" means all)");
            }
            Set<String> names = new LinkedHashSet<>();
            for (Object item : list) {
                if (!(item instanceof String value)) {
                    throw invalid(path, "must be a list of strings");
                }
                names.add(value);
            }
            return names;
        }

        IllegalArgumentException invalid(String path, String rule) {
            return new IllegalArgumentException(source + ": " + (path.isEmpty() ? "" : path + " ") + rule);
        }
    }
}
