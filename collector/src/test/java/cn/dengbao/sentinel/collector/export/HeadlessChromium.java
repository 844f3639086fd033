package cn.dengbao.sentinel.collector.export;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium driven by its chromedriver, headless, with a fresh profile, nothing fetched in the background,
 * and a fontconfig that knows only DejaVu: no CJK font on the system, as on a bare server, so any Chinese that
 * renders comes from the report's own font. Tests skip with a message where Chromium is not installed
 * (apt-get install chromium chromium-driver; .ci/run installs them).
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: no headless Chromium (" + CHROMIUM + ", " + DRIVER + "): apt-get install chromium chromium-driver");
    }

    /** A driver whose browser sees only the fonts in {@code fontDirs}; {@code dir} holds its profile and font config. */
    static ChromeDriver start(Path dir, int width, int height, String... fontDirs) throws IOException {
        assumeInstalled();
        Path profile = Files.createDirectories(dir.resolve("profile"));
        StringBuilder conf = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n");
        for (String d : fontDirs) {
            conf.append("  <dir>").append(d).append("</dir>\n");
        }
        conf.append("  <cachedir>").append(dir.resolve("fc-cache")).append("</cachedir>\n</fontconfig>\n");
        Path fontsConf = Files.writeString(dir.resolve("fonts.conf"), conf);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withEnvironment(Map.of("FONTCONFIG_FILE", fontsConf.toString()))
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(CHROMIUM.toString()));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** Only the DejaVu fonts Debian installs with Chromium's dependencies: Latin, no CJK. */
    static ChromeDriver withoutCjkFonts(Path dir, int width, int height) throws IOException {
        return start(dir, width, height, "/usr/share/fonts/truetype/dejavu");
    }
}
