package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorJarsTest {

    @Test
    void shipsTheClasspathButSparksJarsAndPacksClassesFolders(@TempDir Path dir) throws Exception {
        Path spark = Files.createDirectories(dir.resolve("spark-lib"));
        Path sparkCore = Files.writeString(spark.resolve("spark-core.jar"), "x");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path djl = Files.writeString(lib.resolve("api-0.33.0.jar"), "x");
        Path classes = Files.createDirectories(dir.resolve("module/target/classes"));
        Files.createDirectories(classes.resolve("org/dmad/spark"));
        Files.writeString(classes.resolve("org/dmad/spark/A.class"), "class bytes");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/some.Service"), "org.dmad.spark.A\n");
        Path empty = Files.createDirectories(dir.resolve("empty/classes"));
        Path packed = Files.createDirectories(dir.resolve("packed"));
        String classPath = String.join(
                File.pathSeparator,
                classes.toString(),
                djl.toString(),
                sparkCore.toString(),
                empty.toString(),
                dir.resolve("missing.jar").toString(),
                "");

        List<Path> jars = ExecutorJars.select(classPath, spark, packed);

        assertEquals(2, jars.size(), jars.toString());
        assertEquals(packed.resolve("0-target-classes.jar"), jars.get(0));
        assertEquals(djl, jars.get(1));
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            assertNotNull(jar.getManifest());
            assertEquals(
                    "class bytes",
                    new String(jar.getInputStream(jar.getEntry("org/dmad/spark/A.class"))
                            .readAllBytes()));
            assertNotNull(jar.getEntry("META-INF/services/some.Service"));
            assertNull(jar.getEntry("empty"));
        }
        // Without a Spark folder (Spark not loaded from a jar), every jar goes.
        assertTrue(ExecutorJars.select(classPath, null, packed).contains(sparkCore));
    }

    @Test
    void sparksOwnJarFolderIsWhereSparkContextComesFrom() {
        Path folder = ExecutorJars.sparkJarFolder();
        assertNotNull(folder);
        assertTrue(folder.toString().contains("spark-core"), folder.toString());
    }
}
