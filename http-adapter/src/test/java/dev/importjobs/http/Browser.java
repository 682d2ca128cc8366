package dev.importjobs.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the dashboard's browser tests: Debian's {@code chromium} and
 * {@code chromium-driver} (paths overridable with {@code CHROME_BIN} and {@code CHROMEDRIVER}). One
 * browser serves the whole test run and is closed at its end; without one the tests are skipped, saying
 * how to install it.
 */
final class Browser implements BeforeAllCallback {
    static final Path CHROMIUM = Path.of(setting("CHROME_BIN", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(setting("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Held so the level set on it stays set: Selenium warns about CDP versions it does not ship. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    private ChromeDriver driver;

    private static String setting(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String reason = "no browser, so the dashboard's browser tests are skipped: " + CHROMIUM + " or " + DRIVER
                    + " is missing (apt-get install -y --no-install-recommends chromium chromium-driver)";
            // Said on the console too: a skip's reason otherwise shows only in the test reports.
            System.getLogger(Browser.class.getName()).log(System.Logger.Level.WARNING, reason);
            assumeTrue(false, reason);
        }
        driver = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Session.class, key -> new Session(start()), Session.class).driver;
    }

    private static ChromeDriver start() {
        SELENIUM_LOG.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--lang=en-US", "--window-size=1600,1000", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Waits until {@code condition} gives something other than null or false, and returns it. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        // Rows are replaced as the page refreshes: an element gone between finding and reading it is a retry.
        return new WebDriverWait(driver, PATIENCE).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** An element's text as the page set it, whether or not it is shown in full. */
    static String text(WebElement element) {
        return element.getDomProperty("textContent").strip();
    }

    /** The file names of the jobs table's rows, top to bottom. */
    List<String> files() {
        return all("tbody tr[data-job-id] td[data-col=file] a").stream().map(Browser::text).toList();
    }

    void awaitFiles(String what, List<String> expected) {
        await(what + ": rows " + expected, d -> files().equals(expected));
    }

    /** The browser console since the last call (Chromium keeps what was not read yet). */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Starts a test on an empty page of the usual size, with the console of the tests before it read. */
    void reset() {
        driver.get("about:blank");
        driver.manage().window().setSize(new Dimension(1600, 1000));
        console();
    }

    private record Session(ChromeDriver driver) implements AutoCloseable {
        @Override
        public void close() {
            driver.quit();
        }
    }
}
