package org.dmad.evaluation.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads ADBench's classical datasets (Han et al., NeurIPS 2022; BSD-2-Clause) from the ADBench repository on
 * GitHub and verifies each file against the SHA-256 listed in {@code adbench-classical.tsv}, so that a benchmark
 * on downloaded files is a benchmark on the published bytes. A file that is already present with the right digest
 * is not fetched again; a download with the wrong digest is deleted and reported.
 */
public final class AdbenchDownload {

    /** Where ADBench publishes its classical datasets. */
    public static final String DEFAULT_BASE_URL =
            "https://github.com/Minqi824/ADBench/raw/main/adbench/datasets/Classical/";

    /** A file of the manifest. */
    public record Entry(String name, String sha256, long bytes) {}

    /** What happened to one file. */
    public record Outcome(String name, String status, Path file) {}

    private AdbenchDownload() {}

    /**
     * The manifest of ADBench's classical files.
     *
     * @return entries by name, in name order.
     */
    public static Map<String, Entry> manifest() {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (InputStream in = AdbenchDownload.class.getResourceAsStream("adbench-classical.tsv")) {
            if (in == null) {
                throw new IllegalStateException("adbench-classical.tsv is missing from the dmad jar");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split("\t");
                if (f.length == 3) {
                    out.put(f[0], new Entry(f[0], f[1], Long.parseLong(f[2])));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read adbench-classical.tsv: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Downloads files into a folder.
     *
     * @param names   dataset names from the manifest (empty for all).
     * @param to      the target folder (created if needed).
     * @param baseUrl the URL prefix the file names are appended to.
     * @param log     receives one line per file.
     * @return one outcome per file: "present", "downloaded" or "failed: ...".
     * @throws IOException when the folder cannot be created.
     */
    public static List<Outcome> download(
            List<String> names, Path to, String baseUrl, java.util.function.Consumer<String> log) throws IOException {
        Map<String, Entry> manifest = manifest();
        List<Entry> wanted = new ArrayList<>();
        if (names.isEmpty()) {
            wanted.addAll(manifest.values());
        } else {
            for (String n : names) {
                Entry e = manifest.get(n.replaceFirst("\\.npz$", ""));
                if (e == null) {
                    throw new IllegalArgumentException("Unknown ADBench classical dataset '" + n + "'; known: "
                            + String.join(", ", manifest.keySet()));
                }
                wanted.add(e);
            }
        }
        Files.createDirectories(to);
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        List<Outcome> out = new ArrayList<>();
        for (Entry e : wanted) {
            Path target = to.resolve(e.name() + ".npz");
            if (Files.isRegularFile(target) && Hashing.sha256(target).equals(e.sha256())) {
                out.add(new Outcome(e.name(), "present", target));
                log.accept(e.name() + ": already present, checksum ok");
                continue;
            }
            Path tmp = to.resolve("." + e.name() + ".npz.part");
            String status;
            try {
                HttpResponse<Path> response = http.send(
                        HttpRequest.newBuilder(URI.create(base + e.name() + ".npz"))
                                .timeout(Duration.ofMinutes(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(tmp));
                if (response.statusCode() != 200) {
                    status = "failed: HTTP " + response.statusCode();
                } else {
                    String digest = Hashing.sha256(tmp);
                    if (digest.equals(e.sha256())) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        status = "downloaded";
                    } else {
                        status = "failed: SHA-256 mismatch (got " + digest + ", expected " + e.sha256() + ")";
                    }
                }
            } catch (IOException ex) {
                status = "failed: " + ex.getMessage();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while downloading " + e.name(), ex);
            } finally {
                Files.deleteIfExists(tmp);
            }
            out.add(new Outcome(e.name(), status, target));
            log.accept(e.name() + ": " + status);
        }
        return out;
    }
}
