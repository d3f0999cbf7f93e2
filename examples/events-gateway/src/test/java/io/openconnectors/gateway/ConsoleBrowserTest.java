package io.openconnectors.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.test.CallbackReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium against a real gateway, stand-in vendor and callback receiver: what a user
 * does with it, from signing in to redelivering an event. It saves screenshots of the pages to
 * {@code target/console-screenshots}, and with {@code -Ddocs.update=true} to {@code docs/images}, for docs/console.md.
 */
class ConsoleBrowserTest extends GatewayTestSupport {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path DOC_IMAGES = Path.of("..", "..", "docs", "images");

    private final CallbackReceiver newCallback = new CallbackReceiver();
    private WebDriver browser;
    private WebDriverWait waitUpTo;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console test needs Chromium and ChromeDriver at %s and %s: apt-get install chromium "
                    + "chromium-driver (bash .ci/run installs them when missing)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        profile = Files.createTempDirectory("console-test-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the machine has no network beyond loopback: Chromium's own background calls would only fail
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        waitUpTo = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        newCallback.close();
        try (var files = Files.walk(profile)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void aUserSignsInWatchesEventsArriveRedeliversAFailedOneAndMovesTheCallback() throws Exception {
        compressRetries(0);
        startGateway(TOKEN);

        browser.get(consoleUrl());
        signIn("not-the-token");
        waitUpTo.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "The token was refused"));
        assertThat(browser.findElements(By.id("instances-page"))).isEmpty();

        signIn(TOKEN);
        waitFor(By.cssSelector("#instances-page [data-field='empty']"));
        // created while the page is open: it appears without a reload
        String id = call("POST", "/instances", seedPolling().put("name", "Sales CRM")).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        WebElement row = waitFor(By.cssSelector("#instances-table tr[data-instance-id='" + id + "']"));
        assertThat(row.getText()).contains("Sales CRM", "polling");
        waitUpTo.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#instances-table tr[data-instance-id='" + id + "'] .health"), "UP"));

        // the event log is open when the vendor changes a record; the callback fails once, and with no retries left
        // the notification is queued
        browser.findElement(By.id("nav-events")).click();
        waitFor(By.cssSelector("#events-page [data-field='empty']"));
        callback.failNext(503);
        vendor.put("c-1", "Ada Lovelace", Instant.now(), Instant.now());
        By queuedRow = By.cssSelector("#events-table tr[data-event-id] td.status[data-status='QUEUED']");
        waitFor(queuedRow);
        WebElement event = browser.findElement(By.cssSelector("#events-table tr[data-event-id]"));
        String eventId = event.getAttribute("data-event-id");
        assertThat(event.getText()).contains("CREATED", "c-1");
        screenshot("events");

        event.findElement(By.linkText(eventId)).click();
        WebElement attempt = waitFor(By.cssSelector("#attempts-table tr.attempt"));
        assertThat(attempt.getText()).contains("503");
        assertThat(browser.findElement(By.id("event-body")).getText()).contains("\"objectId\"", "c-1");
        assertThat(browser.findElement(By.id("event-status")).getAttribute("data-status")).isEqualTo("QUEUED");
        screenshot("event");

        browser.findElement(By.id("redeliver-event")).click();
        waitForConfirmation("Redelivering 1 notification");
        waitUpTo.until(ExpectedConditions.attributeToBe(By.id("event-status"), "data-status", "NOTIFIED"));
        assertThat(browser.findElements(By.cssSelector("#attempts-table tr.attempt"))).hasSize(2);
        assertThat(callback.accepted()).extracting(n -> n.events().get(0).objectId()).containsExactly("c-1");

        // the callback moves from the instance's page; the next event goes to the new one
        browser.get(consoleUrl() + "#/instances/" + id);
        waitUpTo.until(ExpectedConditions.attributeToBe(By.id("callback-url"), "value", callback.url()));
        WebElement url = browser.findElement(By.id("callback-url"));
        url.clear();
        url.sendKeys(newCallback.url());
        browser.findElement(By.id("callback-save")).click();
        await().atMost(10, SECONDS).until(() -> call("GET", "/instances/" + id, null).body().path("configuration")
                .path("event.notification.callback.url").asText().equals(newCallback.url()));
        waitForConfirmation("Callback URL of Sales CRM saved");
        vendor.put("c-2", "Grace Hopper", Instant.now(), Instant.now());
        await().atMost(15, SECONDS).until(() -> newCallback.accepted().size() == 1);
        // c-1's first attempt queued it (no retries left); the redelivery and c-2 were delivered
        waitForChart("Last hour: 2 delivered, 0 retried, 1 queued");
        screenshot("instance");

        // a webhook instance beside it, with events of its own
        JsonNode desk = call("POST", "/instances",
                StandIns.webhookInstance("helpdesk", "Support desk", newCallback.url(), "desk-key")).body();
        for (int i = 1; i <= 2; i++) {
            assertThat(StandIns.sendWebhook(http, port, desk.path("events").path("webhookPath").asText(), "d-" + i,
                    "{\"id\":\"t-" + i + "\",\"kind\":\"created\"}")).isPresent();
        }
        await().atMost(15, SECONDS).until(() -> newCallback.accepted().size() == 3);
        browser.findElement(By.id("nav-instances")).click();
        WebElement deskRow = waitFor(By.cssSelector("#instances-table tr[data-instance-id='" + desk.path("id").asText() + "']"));
        assertThat(deskRow.getText()).contains("Support desk", "helpdesk", "webhooks");
        waitForChart("Last hour: 4 delivered, 0 retried, 1 queued");
        screenshot("instances");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("instances-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // the log filtered by instance, then by status as well
        browser.get(consoleUrl() + "#/events");
        new Select(waitFor(By.id("filter-instance"))).selectByValue(desk.path("id").asText());
        waitUpTo.until(d -> d.findElements(By.cssSelector("#events-table tr[data-event-id]")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#events-table tr[data-event-id] td:nth-child(3)")))
                .extracting(WebElement::getText).containsOnly(desk.path("id").asText());
        new Select(browser.findElement(By.id("filter-status"))).selectByVisibleText("QUEUED");
        waitFor(By.cssSelector("#events-page [data-field='empty']"));
        assertThat(browser.getCurrentUrl()).contains("instance=" + desk.path("id").asText(), "status=QUEUED");
    }

    @Test
    void aUserWithTheKeyboardOnlySwitchesEventsOffAndDeletesAnInstanceAfterConfirming() throws Exception {
        startGateway(TOKEN);
        String id = call("POST", "/instances", seedPolling().put("name", "Old CRM")).body().path("id").asText();
        browser.get(consoleUrl() + "#/instances/" + id);
        waitFor(By.id("token")).sendKeys(TOKEN, Keys.ENTER);
        waitUpTo.until(ExpectedConditions.textToBePresentInElementLocated(By.id("instance-name"), "Old CRM"));

        browser.findElement(By.id("poll-now")).sendKeys(Keys.ENTER);
        waitForConfirmation("Polling Old CRM now");
        browser.findElement(By.id("toggle-events")).sendKeys(Keys.SPACE);
        waitForConfirmation("Events switched off for Old CRM");
        waitUpTo.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toggle-events"), "Switch events on"));
        assertThat(call("GET", "/instances/" + id, null).body().path("events").path("enabled").asBoolean()).isFalse();

        browser.findElement(By.id("delete-instance")).sendKeys(Keys.ENTER);
        waitUpTo.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(browser.findElement(By.id("confirm-dialog")).getText()).contains("Old CRM");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE); // the dialog has the focus; Escape cancels
        waitUpTo.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        // an action after the cancel: had the cancel deleted, this would find no instance
        browser.findElement(By.id("toggle-events")).sendKeys(Keys.ENTER);
        waitForConfirmation("Events switched on for Old CRM");
        assertThat(call("GET", "/instances/" + id, null).body().path("events").path("enabled").asBoolean()).isTrue();

        browser.findElement(By.id("delete-instance")).sendKeys(Keys.ENTER);
        waitUpTo.until(ExpectedConditions.elementToBeClickable(By.id("confirm-yes"))).sendKeys(Keys.ENTER);
        waitFor(By.id("instances-page"));
        waitForConfirmation("Deleted Old CRM");
        assertThat(call("GET", "/instances/" + id, null).status()).isEqualTo(404);
        assertThat(browser.findElements(By.cssSelector("#instances-table tr[data-instance-id='" + id + "']"))).isEmpty();
    }

    @Test
    void thePageHoldsNoDataAndMayLoadNothingElse() throws Exception {
        startGateway(TOKEN);
        Answer page = call("GET", "/console", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).contains(ConsoleRoutes.CONTENT_SECURITY_POLICY);
        assertThat(page.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        for (String file : List.of("/console/console.js", "/console/console.css")) {
            assertThat(call("GET", file, null, null).status()).as(file).isEqualTo(200);
        }
        assertThat(call("GET", "/console/..%2F..%2Fpom.xml", null, null).status()).isEqualTo(404);
        assertThat(call("GET", "/console/nothing.js", null, null).status()).isEqualTo(404);
        assertThat(call("GET", "/instances", null, null).status()).isEqualTo(401);
    }

    private String consoleUrl() {
        return "http://127.0.0.1:" + port + "/console";
    }

    private void signIn(String token) {
        WebElement field = waitFor(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("signin-button")).click();
    }

    private WebElement waitFor(By locator) {
        return waitUpTo.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the chart of the page on show sums up the hour as {@code summary}. */
    private void waitForChart(String summary) {
        waitUpTo.ignoring(StaleElementReferenceException.class).until(d -> summary.equals(
                d.findElement(By.cssSelector("#chart svg")).getAttribute("aria-label")));
    }

    /** Waits until the page confirms an action with {@code text}; the live refresh may redraw it meanwhile. */
    private void waitForConfirmation(String text) {
        waitUpTo.ignoring(StaleElementReferenceException.class).until(d -> d.findElements(By.cssSelector("#toast .toast-ok"))
                .stream().anyMatch(shown -> shown.getText().equals(text)));
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(DOC_IMAGES);
            Files.write(DOC_IMAGES.resolve("console-" + name + ".png"), png);
        }
    }
}
