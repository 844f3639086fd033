package cn.dengbao.sentinel.collector.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Not a test: the tool that makes the README's screenshots (docs/img/export-overview.png, export-host.png) from the
 * demo fleet in the same font-less headless Chromium as HtmlBrowserTest, plus the HTML and its A4 PDF to look at.
 * {@code mvn -o test -pl collector -Dtest=HtmlScreenshotsTest -Dsentinel.screenshots=$PWD/docs/img}
 */
@EnabledIfSystemProperty(named = "sentinel.screenshots", matches = ".+")
class HtmlScreenshotsTest {
    @TempDir
    Path tmp;

    @Test
    void screenshots() throws IOException {
        Path out = Files.createDirectories(Path.of(System.getProperty("sentinel.screenshots")));
        Path html = tmp.resolve("export.html");
        try (OutputStream o = new FileOutputStream(html.toFile())) {
            new HtmlExporter().write(DemoFleet.report(4), o);
        }
        ChromeDriver driver = HeadlessChromium.withoutCjkFonts(tmp.resolve("chromium"), 1280, 860);
        try {
            driver.get(html.toUri().toString());
            ((JavascriptExecutor) driver).executeAsyncScript(
                    "var done = arguments[arguments.length - 1]; document.fonts.ready.then(function () { done(); });");
            // the first screen: title, scope, the overview
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            Files.write(out.resolve("export-overview.png"), driver.getScreenshotAs(OutputType.BYTES));
            // web-01's section: header, score line, basic facts and its record, one failing item's rules unfolded
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1180));
            ((JavascriptExecutor) driver).executeScript("""
                    (document.querySelector('#host-0 table.record tr[data-s=FAIL] + tr.detail details.rules')
                            || document.querySelector('#host-0 table.record tr[data-s=PARTIAL] + tr.detail details.rules')).open = true;
                    document.getElementById('host-0').scrollIntoView();
                    """);
            Files.write(out.resolve("export-host.png"), driver.getScreenshotAs(OutputType.BYTES));
            if (Boolean.getBoolean("sentinel.screenshots.all")) {
                Files.copy(html, out.resolve("export.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                PrintOptions p = new PrintOptions();
                p.setPageSize(PageSize.ISO_A4);
                p.setBackground(true);
                Files.write(out.resolve("export.pdf"), Base64.getDecoder().decode(driver.print(p).getContent()));
                driver.findElement(By.id("toc"));
            }
        } finally {
            driver.quit();
        }
    }
}
