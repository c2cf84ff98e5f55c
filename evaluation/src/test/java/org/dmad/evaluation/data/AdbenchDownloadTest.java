package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server on the loopback address: verified files land, corrupt ones do not. */
class AdbenchDownloadTest {

    @Test
    void downloadsVerifiesAndRefusesCorruptFiles(@TempDir Path to) throws Exception {
        Path wbc = Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets/adbench/classical/42_WBC.npz");
        Assumptions.assumeTrue(Files.isRegularFile(wbc), "Skipped: " + wbc + " is absent (served as the good file)");
        byte[] good = Files.readAllBytes(wbc);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> requests = new ArrayList<>();
        server.createContext("/files/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            requests.add(name);
            byte[] body = name.equals("42_WBC.npz") ? good : name.equals("45_wine.npz") ? new byte[] {1, 2, 3} : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
            List<String> log = new ArrayList<>();
            var outcomes = AdbenchDownload.download(List.of("42_WBC", "45_wine", "14_glass"), to, base, log::add);
            assertEquals("downloaded", outcomes.get(0).status());
            assertTrue(
                    outcomes.get(1).status().startsWith("failed: SHA-256 mismatch"),
                    outcomes.get(1).status());
            assertEquals("failed: HTTP 404", outcomes.get(2).status());
            assertEquals(Hashing.sha256(wbc), Hashing.sha256(to.resolve("42_WBC.npz")));
            assertFalse(Files.exists(to.resolve("45_wine.npz")), "a corrupt download must not be kept");
            try (var files = Files.list(to)) {
                assertEquals(1, files.count(), "no partial files are left behind");
            }
            // A second run finds the verified file and does not fetch it again.
            requests.clear();
            var again = AdbenchDownload.download(List.of("42_WBC"), to, base, log::add);
            assertEquals("present", again.get(0).status());
            assertTrue(requests.isEmpty());
        } finally {
            server.stop(0);
        }
    }
}
