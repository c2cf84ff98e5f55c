package org.dmad.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;

/**
 * What a driver started outside {@code spark-submit} (the {@code ./dmad} launcher, a test, an IDE) ships to the
 * executors of a cluster through {@code spark.jars}: every jar of its classpath but Spark's own, and each classes
 * folder packed into a jar, so that a plain Spark installation runs dmad with nothing of dmad installed on the
 * workers. Spark's own jars are those in the folder that holds Spark's core jar ({@code jars/} of a Spark home,
 * {@code target/spark-lib} for the launcher); executors already have them.
 */
final class ExecutorJars {

    private ExecutorJars() {}

    /**
     * The jars for the executors from this JVM's classpath.
     *
     * @return absolute jar paths, classpath order; classes folders are packed into jars in a temporary folder that
     *         is deleted when the JVM exits.
     * @throws UncheckedIOException when a classes folder cannot be packed.
     */
    static List<Path> fromThisJvm() {
        try {
            Path packed = Files.createTempDirectory("dmad-spark-jars");
            packed.toFile().deleteOnExit();
            List<Path> jars = select(System.getProperty("java.class.path", ""), sparkJarFolder(), packed);
            for (Path jar : jars) {
                if (jar.startsWith(packed)) {
                    jar.toFile().deleteOnExit();
                }
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot pack the driver's classes folders for the executors", e);
        }
    }

    /**
     * The jars for the executors from a classpath.
     *
     * @param classPath       a classpath (entries separated by the platform's path separator).
     * @param sparkJarFolder  the folder of Spark's own jars (left out), or null.
     * @param packedFolder    where classes folders are packed into jars.
     * @return absolute jar paths: the classpath's jars outside {@code sparkJarFolder}, and one jar per classes folder.
     * @throws IOException when a classes folder cannot be packed.
     */
    static List<Path> select(String classPath, Path sparkJarFolder, Path packedFolder) throws IOException {
        List<Path> jars = new ArrayList<>();
        Path spark =
                sparkJarFolder == null ? null : sparkJarFolder.toAbsolutePath().normalize();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                if (!isEmpty(p)) {
                    // Names must differ: Spark serves every jar under its file name.
                    Path jar = packedFolder.resolve(
                            jars.size() + "-" + p.getParent().getFileName() + "-" + p.getFileName() + ".jar");
                    pack(p, jar);
                    jars.add(jar);
                }
            } else if (Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(".jar")
                    && (spark == null || !spark.equals(p.getParent()))) {
                jars.add(p);
            }
        }
        return jars;
    }

    /** The folder of the jar Spark's core classes come from, or null when they do not come from a jar. */
    static Path sparkJarFolder() {
        try {
            var source = SparkContext.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path core = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(core) ? core.getParent() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.findAny().isEmpty();
        }
    }

    /** Packs a classes folder (classes, resources, META-INF/services) into a jar. */
    static void pack(Path folder, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(f -> !f.equals(folder)).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    j.putNextEntry(new JarEntry(name + "/"));
                } else {
                    j.putNextEntry(new JarEntry(name));
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
    }
}
