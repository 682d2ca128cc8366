package dev.importjobs.http;

import dev.importjobs.core.model.LineError;
import dev.importjobs.core.model.LineErrorReplacement;
import dev.importjobs.core.model.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonGenerator;

/**
 * How one style writes and reads the value of one {@link JobField} in JSON, with the JSON Schema type and
 * format it has on the wire. Reads go through {@link Fields}, so every type error is phrased the one way.
 */
sealed interface Codec permits Codec.Scalar, Codec.Lines {

    /** The JSON Schema type on the wire: {@code string}, {@code integer}, {@code boolean}, {@code object}, {@code array}. */
    String type();

    /** The JSON Schema format ({@code int64}, {@code date-time}, …), or {@code null}. */
    String format();

    /** Writes {@code value} (as {@link JobField#valueOf} gives it) as the current property's value. */
    void write(JsonGenerator out, Object value);

    /** The codec a field of {@code kind} has when the style has no other, times written as {@code time}. */
    static Codec of(JobField.Kind kind, Scalar time) {
        return switch (kind) {
            case TEXT -> Scalar.TEXT;
            case INT64 -> Scalar.INT64;
            case INT32 -> Scalar.INT32;
            case BOOLEAN -> Scalar.BOOLEAN;
            case OBJECT -> Scalar.OBJECT;
            case TIME -> time;
            case LINES -> new Lines(LineShape.CANONICAL, null, null);
        };
    }

    /** A single JSON value. */
    enum Scalar implements Codec {
        TEXT("string", null),
        INT64("integer", "int64"),
        INT32("integer", "int32"),
        BOOLEAN("boolean", null),
        OBJECT("object", null),
        /** Style A's times (docs/api.md#style-a--rpc). */
        EPOCH_MILLIS("integer", "int64"),
        /** Style B's times (docs/api.md#style-b--rest), always with milliseconds and {@code Z}. */
        ISO_TIME("string", "date-time");

        private static final long MILLIS_PER_DAY = 86_400_000;
        /** {@code uuuu-MM-ddTHH:mm:ss.SSSZ}. */
        private static final int ISO_LENGTH = 24;
        private static final DateTimeFormatter ISO_MILLIS =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        /**
         * The times a job may hold (docs/model.md#status-and-time): those style B can write as an RFC 3339
         * date-time, years 0000 to 9999. Kept as epoch milliseconds, so a wider ISO instant would overflow
         * them, and a wider style A integer would come back in style B as no date-time at all.
         */
        private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
        private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");
        static final String TIME_RANGE = "must be between " + ISO_MILLIS.format(FIRST) + " and " + ISO_MILLIS.format(LAST);
        static final String MILLIS_RANGE = "must be between " + FIRST.toEpochMilli() + " and " + LAST.toEpochMilli()
                + " (" + ISO_MILLIS.format(FIRST) + " to " + ISO_MILLIS.format(LAST) + ")";

        /** Whether the instant is in the range both styles write: the years 0000 to 9999. */
        private static boolean holdable(Instant instant) {
            return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
        }

        private final String type;
        private final String format;

        Scalar(String type, String format) {
            this.type = type;
            this.format = format;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String format() {
            return format;
        }

        @Override
        public void write(JsonGenerator out, Object value) {
            if (value == null) {
                out.writeNull();
                return;
            }
            switch (this) {
                case TEXT -> out.writeString((String) value);
                case INT64, INT32 -> out.writeNumber(((Number) value).longValue());
                case BOOLEAN -> out.writeBoolean((Boolean) value);
                case OBJECT -> Json.writeValue(out, value);
                case EPOCH_MILLIS -> out.writeNumber(((Instant) value).toEpochMilli());
                case ISO_TIME -> writeIsoTime(out, (Instant) value);
            }
        }

        /**
         * Writes what {@link #ISO_MILLIS} would, digit by digit and as the ASCII it is (nothing in it needs
         * escaping): a page of 50 style B jobs holds 200 times, and the formatter's general machinery cost
         * more than the rest of the page's JSON. Times outside the range a job may hold are left to the
         * formatter.
         */
        static void writeIsoTime(JsonGenerator out, Instant instant) {
            if (!holdable(instant)) {
                out.writeString(ISO_MILLIS.format(instant));
                return;
            }
            long millis = instant.toEpochMilli();
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY));
            int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
            byte[] text = new byte[ISO_LENGTH];
            digits(text, 0, 4, date.getYear());
            text[4] = '-';
            digits(text, 5, 2, date.getMonthValue());
            text[7] = '-';
            digits(text, 8, 2, date.getDayOfMonth());
            text[10] = 'T';
            digits(text, 11, 2, ofDay / 3_600_000);
            text[13] = ':';
            digits(text, 14, 2, ofDay / 60_000 % 60);
            text[16] = ':';
            digits(text, 17, 2, ofDay / 1000 % 60);
            text[19] = '.';
            digits(text, 20, 3, ofDay % 1000);
            text[23] = 'Z';
            out.writeRawUTF8String(text, 0, ISO_LENGTH);
        }

        /** Writes {@code value} as {@code width} decimal digits from {@code at}. */
        private static void digits(byte[] text, int at, int width, int value) {
            for (int i = at + width - 1; i >= at; i--, value /= 10) {
                text[i] = (byte) ('0' + value % 10);
            }
        }

        /** Reads the value of {@code name}; {@code null} when absent, or when mistyped (then noted in {@code in}). */
        Object read(Fields in, String name) {
            return switch (this) {
                case TEXT -> in.string(name);
                case INT64 -> in.int64(name);
                case INT32 -> in.int32(name);
                case BOOLEAN -> in.raw(name);
                case OBJECT -> in.object(name);
                case EPOCH_MILLIS -> epochMillis(in, name);
                case ISO_TIME -> isoInstant(in, name);
            };
        }

        private static Instant epochMillis(Fields in, String name) {
            Long millis = in.int64(name);
            if (millis == null) {
                return null;
            }
            Instant instant = Instant.ofEpochMilli(millis);
            if (!holdable(instant)) {
                in.add(name, MILLIS_RANGE);
                return null;
            }
            return instant;
        }

        private static Instant isoInstant(Fields in, String name) {
            String text = in.string(name);
            if (text == null) {
                return null;
            }
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                in.add(name, "must be an ISO-8601 date-time with an offset, for example 2024-01-01T00:00:00.000Z");
                return null;
            }
            if (!holdable(instant)) {
                in.add(name, TIME_RANGE);
                return null;
            }
            return instant;
        }
    }

    /**
     * A list of line errors in {@code shape}: all of the job's lines ({@code only} null), or those of one
     * severity, which the list then replaces; {@code defaultMessage} stands in for a line sent without one.
     */
    record Lines(LineShape shape, Severity only, String defaultMessage) implements Codec {
        @Override
        public String type() {
            return "array";
        }

        @Override
        public String format() {
            return null;
        }

        @Override
        public void write(JsonGenerator out, Object value) {
            out.writeStartArray();
            for (Object element : (List<?>) value) {
                LineError line = (LineError) element;
                if (only == null || line.severity() == only) {
                    shape.write(out, line);
                }
            }
            out.writeEndArray();
        }

        /** The severities a given list replaces: all, or its own. */
        Set<Severity> replaces() {
            return only == null ? LineErrorReplacement.ALL : Set.of(only);
        }

        /** Reads the list; {@code null} when absent. */
        List<LineError> read(Fields in, String name) {
            List<Fields> elements = in.objects(name);
            return elements == null ? null : shape.read(elements, only, defaultMessage);
        }
    }
}
