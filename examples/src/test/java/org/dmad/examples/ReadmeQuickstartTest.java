package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Tribuo quickstart must compile without a single javac warning and run as printed. */
class ReadmeQuickstartTest {

    @Test
    void readmeQuickstartCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("../README.md");
        }
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("<!-- quickstart -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(text);
        assertTrue(m.find(), "README.md has no ```java block after <!-- quickstart -->");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public (?:final )?class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the quickstart declares no public class");
        Path file = dir.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(
                null,
                null,
                errors,
                "-Xlint:all",
                "-Werror",
                "-classpath",
                classpath,
                "-d",
                dir.toString(),
                file.toString());
        assertEquals(0, rc, "the quickstart does not compile without warnings:\n" + errors);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(cls.group(1)).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString();
        System.out.print(out);
        assertTrue(out.contains("ANOMALOUS"), "the quickstart prints its predictions:\n" + out);
        assertTrue(out.contains("dmad.effective-seed=1"), "the run facts name the seed:\n" + out);
    }
}
