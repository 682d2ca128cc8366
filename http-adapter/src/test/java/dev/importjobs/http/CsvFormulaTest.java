package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell of {@code errors.csv} that a spreadsheet would run as a formula is neutralised with a leading
 * single quote (docs/api.md#style-b--rest, "errors.csv"); a plain signed number stays a number. The
 * answer is compared byte for byte.
 */
class CsvFormulaTest {
    @TempDir
    Path dir;

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreQuotedAndPlainNumbersAreKept() {
        try (TestServer server = TestServer.start(dir)) {
            Map<String, Object> item = server.newJobB("report", obj("erroredLines", List.of(
                    obj("line", 1, "column", "=SUM(A1:A2)", "code", "+1+1", "reason", "-2+3", "value", "@cmd"),
                    obj("line", 2, "column", "\tx", "code", "\rx", "reason", "=HYPERLINK(\"http://x\",\"y\")",
                            "value", "-5"),
                    obj("line", 3, "column", "+5", "code", "-0.25", "reason", "a=b", "value", "-"),
                    obj("line", 4, "column", "'=already", "code", "", "reason", "=1,2", "value", "-1e5"))));

            byte[] csv = server.get(JOBS + "/" + item.get("id") + "/errors.csv").bytes;

            assertEquals("line,severity,column,code,message,value\r\n"
                    + "1,error,'=SUM(A1:A2),'+1+1,'-2+3,'@cmd\r\n"
                    + "2,error,'\tx,\"'\rx\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5\r\n"
                    + "3,error,+5,-0.25,a=b,'-\r\n"
                    + "4,error,'=already,,\"'=1,2\",'-1e5\r\n", new String(csv, StandardCharsets.UTF_8));
        }
    }
}
