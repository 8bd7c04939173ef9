package bplab.ui;

import bplab.config.UiConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.config.DL4JSystemProperties;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * DeepLearning4J's own training UI ({@link VertxUIServer}, multi-session mode: one page per
 * session at {@code /train/SESSION}) listening on one host address only.
 *
 * <p>DL4J 1.0.0-M2.1 calls {@code vertx.createHttpServer()} without options, so its server
 * listens on every interface. Here the verticle is deployed by this class, with a Vert.x
 * handle whose {@code createHttpServer()} passes {@code HttpServerOptions.setHost(host)}; all
 * else goes to the real Vert.x instance (details at {@link #boundTo(Vertx, String)}). The port goes through DL4J's own system property
 * ({@value DL4JSystemProperties#UI_SERVER_PORT_PROPERTY}), set only while the server starts.
 * The remote-receiver endpoint ({@code POST /remoteReceive}) is never enabled, so it answers 403.
 *
 * <p>DL4J's server is a JVM-wide singleton: one {@code UiServer} runs at a time.
 */
public final class UiServer implements AutoCloseable {
    public static final String LOOPBACK = UiConfig.LOOPBACK;
    public static final int DEFAULT_PORT = VertxUIServer.DEFAULT_UI_PORT;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final String LOG_FACTORY_PROPERTY = "vertx.logger-delegate-factory-class-name";
    private static final String CACHE_DIR_PROPERTY = "vertx.cacheDirBase";

    private static UiServer running;

    private final String host;
    private final VertxUIServer server;
    private final long startedFrom;
    private final long startedTo;
    private boolean closed;

    private UiServer(String host, VertxUIServer server, long startedFrom, long startedTo) {
        this.host = host;
        this.server = server;
        this.startedFrom = startedFrom;
        this.startedTo = startedTo;
    }

    /**
     * Starts the UI on {@code host} (an address or name; {@code 0.0.0.0} means every IPv4
     * interface) and {@code port} (0 picks a free one), and waits until it listens.
     *
     * @throws PortInUseException when the port is taken on that address
     * @throws UiException        when the host is unknown or the server does not start
     */
    public static synchronized UiServer start(String host, int port) {
        if (running != null && !running.closed) {
            throw new IllegalStateException("a UI server already runs at " + running.address() + " in this JVM");
        }
        if (port < 0 || port > 0xFFFF) throw new AddressException("port " + port + " is outside 0-65535");
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new AddressException("cannot resolve the UI host '" + host + "'; expected an address of this machine such as "
                    + LOOPBACK + " or 0.0.0.0 (every interface)");
        }
        VertxUIServer.getMultiSession().set(true);
        VertxUIServer.setStatsStorageProvider(null);
        BoundServer verticle = new BoundServer(host);
        long startedAt = System.currentTimeMillis();
        Vertx vertx = Vertx.vertx(options());
        CompletableFuture<String> deployed = new CompletableFuture<>();
        String previousPort = System.getProperty(DL4JSystemProperties.UI_SERVER_PORT_PROPERTY);
        System.setProperty(DL4JSystemProperties.UI_SERVER_PORT_PROPERTY, Integer.toString(port));
        try {
            vertx.deployVerticle(verticle, ar -> {
                if (ar.succeeded()) deployed.complete(ar.result());
                else deployed.completeExceptionally(ar.cause());
            });
            deployed.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stopQuietly(vertx);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (causedBy(cause, BindException.class)) throw new PortInUseException(host, port);
            throw new UiException("DL4J's UI server did not start on " + host + ":" + port + ": " + rootMessage(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(vertx);
            throw new UiException("interrupted while the UI server was starting");
        } finally {
            if (previousPort == null) System.clearProperty(DL4JSystemProperties.UI_SERVER_PORT_PROPERTY);
            else System.setProperty(DL4JSystemProperties.UI_SERVER_PORT_PROPERTY, previousPort);
        }
        running = new UiServer(host, verticle, startedAt, System.currentTimeMillis());
        return running;
    }

    /**
     * One event loop is plenty for one user's browser. DL4J builds its pages' modules on the
     * event loop at start (seconds on a loaded machine), so Vert.x's blocked-thread warning is
     * silenced; Vert.x logs through SLF4J (logback) rather than java.util.logging, and its
     * file cache (assets served from jars) goes to a temporary directory, not the working one.
     */
    private static VertxOptions options() {
        if (System.getProperty(LOG_FACTORY_PROPERTY) == null) {
            System.setProperty(LOG_FACTORY_PROPERTY, "io.vertx.core.logging.SLF4JLogDelegateFactory");
        }
        if (System.getProperty(CACHE_DIR_PROPERTY) == null) {
            try {
                Path cache = Files.createTempDirectory("bplab-ui-vertx");
                cache.toFile().deleteOnExit();
                System.setProperty(CACHE_DIR_PROPERTY, cache.toString());
            } catch (IOException e) {
                throw new UiException("cannot create a temporary directory for the UI's file cache: " + e.getMessage());
            }
        }
        return new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2)
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1));
    }

    /** The address it listens on, e.g. http://127.0.0.1:9000 (for 0.0.0.0, this machine's name). */
    public String address() {
        return "http://" + urlHost(host) + ":" + port();
    }

    /** The overview page of one session. */
    public String sessionAddress(String sessionId) {
        return address() + "/train/" + sessionId;
    }

    public String host() {
        return host;
    }

    public int port() {
        return server.getPort();
    }

    /** Shows every StatsListener session the storage holds (now and as it receives more). */
    public void attach(StatsStorage storage) {
        server.attach(storage);
    }

    public void detach(StatsStorage storage) {
        server.detach(storage);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            VertxUIServer.stopInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new UiException("cannot stop the UI server: " + rootMessage(e));
        }
        removeUploadDirectory();
    }

    /** DL4J's server makes an (unused) upload directory java.io.tmpdir/DL4JUI_millis at start; remove it if empty. */
    private void removeUploadDirectory() {
        File[] made = new File(System.getProperty("java.io.tmpdir")).listFiles((dir, name) -> {
            if (!name.startsWith("DL4JUI_")) return false;
            try {
                long t = Long.parseLong(name.substring("DL4JUI_".length()));
                return t >= startedFrom && t <= startedTo;
            } catch (NumberFormatException e) {
                return false;
            }
        });
        if (made != null) for (File d : made) d.delete(); // File.delete removes only an empty directory
    }

    private static void stopQuietly(Vertx vertx) {
        try {
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            // the start already failed; that error is the one to report
        }
        vertx.close();
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return host;
            }
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
            if (c.getCause() == c) break;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** DL4J's server, handed a Vert.x whose no-argument createHttpServer() binds to one host. */
    static final class BoundServer extends VertxUIServer {
        private final String host;

        BoundServer(String host) {
            this.host = host;
        }

        @Override
        public void init(Vertx vertx, Context context) {
            super.init(boundTo(vertx, host), context);
        }

        @Override
        public String getAddress() {
            return "http://" + urlHost(host) + ":" + getPort();
        }
    }

    /**
     * A Vert.x handle whose {@code createHttpServer()} returns a server bound to {@code host}.
     * Vert.x 3.9's {@code HttpServer.listen(port, handler)}, which DL4J calls, listens on 0.0.0.0
     * whatever the options say, so the server is wrapped too: that call becomes
     * {@code listen(port, host, handler)}, and fluent calls return the wrapper.
     */
    static Vertx boundTo(Vertx vertx, String host) {
        return (Vertx) Proxy.newProxyInstance(UiServer.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && method.getParameterCount() == 0) {
                        return boundTo(vertx.createHttpServer(new HttpServerOptions().setHost(host)), host);
                    }
                    return forward(vertx, method, args);
                });
    }

    @SuppressWarnings("unchecked")
    private static HttpServer boundTo(HttpServer server, String host) {
        return (HttpServer) Proxy.newProxyInstance(UiServer.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                (proxy, method, args) -> {
                    Class<?>[] p = method.getParameterTypes();
                    if (method.getName().equals("listen") && p.length == 2 && p[0] == int.class && p[1] == Handler.class) {
                        server.listen((Integer) args[0], host, (Handler<AsyncResult<HttpServer>>) args[1]);
                        return proxy;
                    }
                    if (method.getName().equals("listen") && p.length == 1 && p[0] == int.class) {
                        server.listen((Integer) args[0], host);
                        return proxy;
                    }
                    Object result = forward(server, method, args);
                    return result == server ? proxy : result;
                });
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The UI cannot run as asked (unknown host, start failure). */
    public static class UiException extends RuntimeException {
        public UiException(String message) {
            super(message);
        }
    }

    /** The requested host or port cannot be used. */
    public static class AddressException extends UiException {
        public AddressException(String message) {
            super(message);
        }
    }

    /** The port is taken on the requested address. */
    public static final class PortInUseException extends AddressException {
        PortInUseException(String host, int port) {
            super("port " + port + " is already in use on " + host + "; choose another with --ui-port N (0 picks a free one)");
        }
    }
}
