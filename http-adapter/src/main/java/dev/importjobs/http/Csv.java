package dev.importjobs.http;

import dev.importjobs.core.model.LineError;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * Line errors as CSV rows: RFC 4180, CRLF line ends, a field quoted when it holds a comma, quote or line
 * break. People open the file in spreadsheets, which run a cell starting with {@code = + - @}, tab or CR as
 * a formula; such a cell gets a leading single quote (OWASP's advice), unless it is a plain signed number
 * such as {@code -5} (docs/api.md#style-b--rest).
 */
final class Csv {
    static final String HEADER = "line,severity,column,code,message,value\r\n";
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[+-][0-9]+(\\.[0-9]+)?");

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
        String cell = neutralised(value);
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            out.write(cell);
            return;
        }
        out.write('"');
        out.write(cell.replace("\"", "\"\""));
        out.write('"');
    }

    private static String neutralised(String value) {
        boolean formula = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0
                && !SIGNED_NUMBER.matcher(value).matches();
        return formula ? "'" + value : value;
    }
}
