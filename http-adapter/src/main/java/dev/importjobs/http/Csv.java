package dev.importjobs.http;

import dev.importjobs.core.model.LineError;
import java.io.IOException;
import java.io.Writer;

/** Line errors as CSV rows: RFC 4180, CRLF line ends, a field quoted when it holds a comma, quote or line break. */
final class Csv {
    static final String HEADER = "line,severity,column,code,message,value\r\n";

    private Csv() {
    }

    static void row(Writer out, LineError line) throws IOException {
        out.write(Long.toString(line.line()));
        out.write(',');
        out.write(line.severity().wireName());
        out.write(',');
        field(out, line.column());
        out.write(',');
        field(out, line.code());
        out.write(',');
        field(out, line.message());
        out.write(',');
        field(out, line.value());
        out.write("\r\n");
    }

    static void field(Writer out, String value) throws IOException {
        if (value == null) {
            return;
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
