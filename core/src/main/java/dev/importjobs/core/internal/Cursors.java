package dev.importjobs.core.internal;

import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.internal.JobIds;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.spi.KeysetPosition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and reads the opaque {@code cursor} of a listing. A cursor carries the keyset position after
 * the last item and a fingerprint of the organization, sort and filters it was made for, signed with
 * HMAC-SHA256: a cursor used with other parameters, edited or made up is refused as a 400. A cursor of a
 * listing filtered by whether jobs are stalled also carries the stall cutoff of its walk's first page.
 *
 * <p>The key comes from whoever builds the use cases: by default the store's shared secret, so every
 * process over the same data signs and accepts the same cursors.
 */
public final class Cursors {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public Cursors(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a cursor secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** What a cursor is bound to: the organization, the order and the filters, not the page size. */
    public static String fingerprint(String organizationId, Sort sort, JobFilter filter) {
        return organizationId + "\n" + sort.canonical() + "\n" + filter.canonical();
    }

    /** Where a cursor's page starts: after {@code after}, with its walk's stall cutoff (or {@code null}). */
    public record Continuation(KeysetPosition after, Instant stallCutoff) {
    }

    public String encode(String fingerprint, KeysetPosition position) {
        return encode(fingerprint, position, null);
    }

    /**
     * A cursor for the page after {@code position}. A listing filtered by whether jobs are stalled passes the
     * stall cutoff its walk began with, so the walk keeps it (docs/model.md#stalled-jobs); the others pass
     * {@code null} and get the cursors they always had.
     */
    public String encode(String fingerprint, KeysetPosition position, Instant stallCutoff) {
        Object key = position.key();
        String typed = key == null ? "n" : key instanceof Long ? "l" + key : "s" + key;
        String body = (stallCutoff == null ? "1|" : "2|" + stallCutoff.toEpochMilli() + "|") + position.id() + "|"
                + typed;
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] mac = mac(fingerprint, bodyBytes);
        return ENCODER.encodeToString(bodyBytes) + "." + ENCODER.encodeToString(mac);
    }

    /** The position a cursor names, if it was made by these cursors for {@code fingerprint}. */
    public KeysetPosition decode(String fingerprint, String cursor) {
        return continuation(fingerprint, cursor).after();
    }

    /** The position and stall cutoff a cursor carries, if it was made by these cursors for {@code fingerprint}. */
    public Continuation continuation(String fingerprint, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            throw invalid();
        }
        byte[] bodyBytes;
        byte[] mac;
        try {
            bodyBytes = DECODER.decode(cursor.substring(0, dot));
            mac = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        // The decoder ignores the unused low bits of a final character and accepts padding, so several
        // strings decode alike: only the one spelling encode() makes is a cursor.
        if (!cursor.equals(ENCODER.encodeToString(bodyBytes) + "." + ENCODER.encodeToString(mac))) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(fingerprint, bodyBytes))) {
            throw invalid();
        }
        String body = new String(bodyBytes, StandardCharsets.UTF_8);
        try {
            Instant stallCutoff = null;
            if (body.startsWith("2|")) {
                int end = body.indexOf('|', 2);
                if (end < 0) {
                    throw invalid();
                }
                stallCutoff = Instant.ofEpochMilli(Long.parseLong(body.substring(2, end)));
                body = "1" + body.substring(end);
            }
            String[] parts = body.split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals("1") || !JobIds.isWellFormed(parts[1]) || parts[2].isEmpty()) {
                throw invalid();
            }
            String typed = parts[2];
            Object key = switch (typed.charAt(0)) {
                case 'n' -> null;
                case 'l' -> Long.valueOf(typed.substring(1));
                case 's' -> typed.substring(1);
                default -> throw invalid();
            };
            return new Continuation(new KeysetPosition(key, parts[1]), stallCutoff);
        } catch (NumberFormatException | DateTimeException e) {
            throw invalid();
        }
    }

    private byte[] mac(String fingerprint, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(fingerprint.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(body), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static ImportJobsException invalid() {
        return ImportJobsException.validation("cursor",
                "is not a cursor of this listing: pass back nextCursor unchanged, with the same sort and filters");
    }
}
