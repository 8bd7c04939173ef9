package bplab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol (CDP), with nothing but the JDK's
 * {@link WebSocket} and Jackson: start it with {@code --remote-debugging-port=0} and a
 * temporary profile, read the port it chose from the profile's {@code DevToolsActivePort},
 * open a tab ({@code PUT /json/new}) and talk to that tab's WebSocket ({@code Page.navigate},
 * {@code Runtime.evaluate}). Its temporary files stay in the given directory. {@link #close()}
 * ends the browser and every process it started.
 */
public final class Chromium implements AutoCloseable {
    /** No single step (start, one command) takes this long unless something hangs. */
    private static final Duration STEP_HANG = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path stderr;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Page> pages = new ArrayList<>();

    private Chromium(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.port = port;
    }

    /** A chromium (Debian's name) or chromium-browser on PATH. */
    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The browser to test with. Without one the test is skipped (a JUnit assumption, saying why),
     * except under {@code BACKPROP_LAB_REQUIRE_BROWSER} (set by .ci/run), where it fails.
     */
    public static Path requiredOrSkip(String what) {
        Optional<Path> chromium = find();
        if (System.getenv("BACKPROP_LAB_REQUIRE_BROWSER") != null) {
            assertThat(chromium).as("chromium on PATH (BACKPROP_LAB_REQUIRE_BROWSER is set, as .ci/run sets it)").isPresent();
        }
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed, so " + what
                + " is not checked in a browser here; .ci/run installs it (apt-get install -y chromium)");
        return chromium.get();
    }

    /** Starts headless Chromium with a fresh profile in {@code workDir} and waits until its DevTools endpoint answers. */
    public static Chromium start(Path binary, Path workDir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        Path stderr = workDir.resolve("chromium-stderr.txt");
        Path tmp = Files.createDirectories(workDir.resolve("chromium-tmp"));
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,1024", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
        pb.environment().put("TMPDIR", tmp.toString()); // its singleton socket directory goes there, not to /tmp
        Process p = pb.start();
        try {
            Path activePort = profile.resolve("DevToolsActivePort");
            long hang = System.nanoTime() + STEP_HANG.toNanos();
            while (true) {
                if (Files.isRegularFile(activePort)) {
                    List<String> lines = Files.readAllLines(activePort, StandardCharsets.UTF_8);
                    if (lines.size() >= 2) return new Chromium(p, stderr, Integer.parseInt(lines.get(0).trim()));
                }
                if (!p.isAlive()) throw new AssertionError("chromium exited (" + p.exitValue() + ") before its DevTools "
                        + "endpoint was up; stderr:\n" + Files.readString(stderr));
                if (System.nanoTime() > hang) throw new AssertionError("chromium's DevTools endpoint was not up after "
                        + STEP_HANG.toSeconds() + " s; stderr:\n" + Files.readString(stderr));
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            kill(p);
            throw e;
        }
    }

    /** Opens a new tab (on about:blank). */
    public Page newPage() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).timeout(STEP_HANG).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PUT /json/new: " + r.body()).isEqualTo(200);
        String ws = JSON.readTree(r.body()).path("webSocketDebuggerUrl").asText();
        assertThat(ws).as("the new tab's WebSocket address in " + r.body()).startsWith("ws://");
        Page page = new Page(http, URI.create(ws));
        pages.add(page);
        return page;
    }

    /** What chromium wrote to stderr so far (for failure messages). */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e.getMessage() + ")";
        }
    }

    /** Closes the tabs and ends chromium and its helper processes (by their handles). */
    @Override
    public void close() {
        for (Page page : pages) page.close();
        kill(process);
    }

    private static void kill(Process p) {
        List<ProcessHandle> helpers = p.descendants().toList(); // before the parent goes: orphans leave the tree
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        for (ProcessHandle h : helpers) if (h.isAlive()) h.destroyForcibly();
    }

    /** One tab, driven through its own CDP WebSocket. */
    public static final class Page implements AutoCloseable {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        private final List<String> exceptions = java.util.Collections.synchronizedList(new ArrayList<>());

        Page(HttpClient http, URI ws) {
            try {
                this.socket = http.newWebSocketBuilder().connectTimeout(STEP_HANG).buildAsync(ws, new Listener())
                        .get(STEP_HANG.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while connecting to " + ws, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("cannot connect to the tab's DevTools WebSocket " + ws + ": " + e, e);
            }
            send("Runtime.enable", JSON.createObjectNode());
        }

        /** Sends one CDP command and returns its result; a CDP error fails with {@link DevToolsError}. */
        public JsonNode send(String method, ObjectNode params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", params);
            try {
                socket.sendText(message.toString(), true).get(STEP_HANG.toSeconds(), TimeUnit.SECONDS);
                JsonNode reply = answer.get(STEP_HANG.toSeconds(), TimeUnit.SECONDS);
                if (reply.has("error")) throw new DevToolsError(method + ": " + reply.get("error"));
                return reply.path("result");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted during " + method, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError(method + " got no answer within " + STEP_HANG.toSeconds() + " s: " + e, e);
            } finally {
                waiting.remove(id);
            }
        }

        /** Loads {@code url} in this tab (returns once the navigation is under way; poll for what the page should show). */
        public void navigate(String url) {
            JsonNode r = send("Page.navigate", JSON.createObjectNode().put("url", url));
            if (r.hasNonNull("errorText")) throw new AssertionError("cannot open " + url + ": " + r.get("errorText"));
        }

        /**
         * The value of a JavaScript expression in the page, as JSON ({@code Runtime.evaluate},
         * {@code returnByValue}); null for undefined. A thrown exception fails with {@link DevToolsError}.
         */
        public JsonNode evaluate(String expression) {
            JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                    .put("returnByValue", true));
            if (r.has("exceptionDetails")) throw new DevToolsError("the page threw: " + r.get("exceptionDetails"));
            return r.path("result").get("value");
        }

        /**
         * Evaluates {@code expression} every 100 ms until {@code done} accepts its value, and returns that
         * value. No deadline for a slow machine, but a hang guard: after {@code hang} it fails, saying what
         * it waited for, the last value seen and the page's uncaught exceptions.
         */
        public JsonNode await(String what, String expression, Predicate<JsonNode> done, Duration hang)
                throws InterruptedException {
            long until = System.nanoTime() + hang.toNanos();
            JsonNode last = null;
            String lastError = null;
            while (true) {
                try {
                    last = evaluate(expression);
                    lastError = null;
                    if (done.test(last)) return last;
                } catch (DevToolsError e) { // e.g. the page is still navigating: its context went away
                    lastError = e.getMessage();
                }
                if (System.nanoTime() > until) {
                    throw new AssertionError("waited " + hang.toSeconds() + " s for " + what + "; last value: " + last
                            + (lastError == null ? "" : "; last error: " + lastError)
                            + "; the page's uncaught exceptions: " + exceptions());
                }
                Thread.sleep(100);
            }
        }

        /** The uncaught exceptions the page reported so far (Runtime.exceptionThrown). */
        public List<String> exceptions() {
            synchronized (exceptions) {
                return List.copyOf(exceptions);
            }
        }

        @Override
        public void close() {
            socket.abort();
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    try {
                        JsonNode m = JSON.readTree(text);
                        if (m.has("id")) {
                            CompletableFuture<JsonNode> f = waiting.get(m.get("id").asInt());
                            if (f != null) f.complete(m);
                        } else if ("Runtime.exceptionThrown".equals(m.path("method").asText())) {
                            JsonNode d = m.path("params").path("exceptionDetails");
                            exceptions.add(d.path("exception").path("description").asText(d.path("text").asText()));
                        }
                    } catch (IOException e) {
                        exceptions.add("unreadable DevTools message: " + text);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                for (CompletableFuture<JsonNode> f : waiting.values()) f.completeExceptionally(error);
            }
        }
    }

    /** A DevTools command failed, or the evaluated JavaScript threw. */
    public static final class DevToolsError extends RuntimeException {
        DevToolsError(String message) {
            super(message);
        }
    }
}
