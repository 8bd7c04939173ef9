package bplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.UiConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The UI listens on the loopback interface only unless asked otherwise: a connection through
 * one of this machine's non-loopback IPv4 addresses is refused, while the same connection
 * reaches a server started on 0.0.0.0 (so the check can fail).
 */
class UiServerTest {

    /** A non-loopback IPv4 address of an interface that is up, if this machine has one. */
    static Optional<InetAddress> nonLoopbackIpv4() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    static int status(String url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            c.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void loggingUiDefaultsAreDl4jsPortAndTheLoopback() {
        assertThat(UiConfig.defaults().port()).isEqualTo(UiServer.DEFAULT_PORT);
        assertThat(UiConfig.defaults().host()).isEqualTo(UiServer.LOOPBACK);
    }

    @Test
    void listensOnLoopbackOnlyByDefaultAndKeepsTheRemoteReceiverOff() throws IOException {
        Optional<InetAddress> external = nonLoopbackIpv4();
        if (external.isEmpty()) System.out.println("UiServerTest: this machine has no non-loopback IPv4 address; "
                + "only the loopback side of the binding is checked");
        try (UiServer ui = UiServer.start(UiServer.LOOPBACK, 0)) {
            assertThat(ui.address()).isEqualTo("http://127.0.0.1:" + ui.port());
            assertThat(status(ui.address() + "/train", "GET")).isEqualTo(200);
            assertThat(status(ui.address() + "/remoteReceive", "POST")).isEqualTo(403);
            if (external.isPresent()) {
                assertThat(connects(external.get(), ui.port())).as("connect via " + external.get()).isFalse();
            }
        }
    }

    @Test
    void allInterfacesWhenAskedSoTheRefusalAboveIsReal() throws IOException {
        Optional<InetAddress> external = nonLoopbackIpv4();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        try (UiServer ui = UiServer.start("0.0.0.0", 0)) {
            assertThat(connects(external.get(), ui.port())).as("connect via " + external.get()).isTrue();
            assertThat(status("http://" + external.get().getHostAddress() + ":" + ui.port() + "/train", "GET")).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsReportedAsSuch() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(UiServer.LOOPBACK))) {
            assertThatThrownBy(() -> UiServer.start(UiServer.LOOPBACK, taken.getLocalPort()))
                    .isInstanceOf(UiServer.PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use on 127.0.0.1");
        }
        // the failed start left nothing behind: a new server starts
        try (UiServer ui = UiServer.start(UiServer.LOOPBACK, 0)) {
            assertThat(status(ui.address() + "/train", "GET")).isEqualTo(200);
        }
    }
}
