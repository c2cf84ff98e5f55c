import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.ArffLoader;
import weka.gui.GenericObjectEditor;
import weka.gui.LogPanel;
import weka.gui.PropertyPanel;
import weka.gui.explorer.ClassifierPanel;
import weka.gui.explorer.Explorer;

import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JRadioButton;
import javax.swing.JButton;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Container;
import java.awt.Window;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens Weka's Explorer with the installed dmad package, loads an ARFF file into the Preprocess panel, selects a
 * dmad classifier in the Classify panel and, by the system property {@code dmad.demo}:
 * <ul>
 * <li>{@code result} (the default): starts it (percentage split) and waits for the result;</li>
 * <li>{@code progress}: starts it and waits until the status bar shows the training's epoch;</li>
 * <li>{@code dialog}: opens the classifier's option dialog and drops down its first fixed-value setting;</li>
 * </ul>
 * then writes the marker file (with what it saw) so that explorer-screenshot.sh can take its screenshot. Run by that
 * script with Weka alone on the classpath (dmad comes from the installed package), as a single-file source program.
 * <p>
 * Usage: {@code java -cp WEKA_CLASSPATH [-Ddmad.demo=MODE] ExplorerDemo.java DATA.arff MARKER_FILE CLASSIFIER
 * [OPTIONS...]}
 */
public final class ExplorerDemo {

    private ExplorerDemo() {
    }

    /** Reads a protected field of a Weka GUI panel: the Explorer offers no public way to start a classifier. */
    private static <T> T field(Object owner, String name, Class<T> type) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return type.cast(f.get(owner));
    }

    /** Opens the drop-down of the first combo box whose items include "cosine" (the noise schedule). */
    private static void dropDownFirstChoice(Container c, StringBuilder seen) {
        for (Component child : c.getComponents()) {
            if (child instanceof JComboBox<?> box && box.isShowing()) {
                for (int i = 0; i < box.getItemCount(); i++) {
                    if ("cosine".equals(box.getItemAt(i))) {
                        box.showPopup();
                        seen.append("opened the drop-down with ").append(box.getItemCount()).append(" values\n");
                        return;
                    }
                }
            }
            if (child instanceof Container container && !seen.toString().contains("opened")) {
                dropDownFirstChoice(container, seen);
            }
        }
    }

    /** Writes 500 normal rows from N(0, I) and 50 anomalies from N(0, 9 I) in four dimensions, shuffled. */
    private static void writeDemoData(Path file) throws java.io.IOException {
        java.util.Random random = new java.util.Random(7);
        StringBuilder b = new StringBuilder("@relation dmad-demo\n\n");
        for (int j = 1; j <= 4; j++) {
            b.append("@attribute x").append(j).append(" numeric\n");
        }
        b.append("@attribute class {normal,anomaly}\n\n@data\n");
        for (int i = 0; i < 550; i++) {
            boolean anomaly = random.nextInt(11) == 0;
            double sd = anomaly ? 3 : 1;
            for (int j = 0; j < 4; j++) {
                b.append(String.format(java.util.Locale.ROOT, "%.5f,", sd * random.nextGaussian()));
            }
            b.append(anomaly ? "anomaly" : "normal").append('\n');
        }
        Files.writeString(file, b.toString());
    }

    /**
     * Runs the demo.
     *
     * @param args the ARFF file, the marker file, the classifier and its options.
     * @throws Exception when the Explorer cannot be driven.
     */
    public static void main(String[] args) throws Exception {
        File arff = new File(args[0]);
        Path marker = Path.of(args[1]);
        String[] options = java.util.Arrays.copyOfRange(args, 3, args.length);
        if (!arff.exists()) {
            writeDemoData(arff.toPath());
        }

        // What Explorer.main does first: load the packages so that the classifier tree lists dmad.
        GenericObjectEditor.determineClasses();
        Classifier classifier = AbstractClassifier.forName(args[2], options);
        Explorer explorer = new Explorer();
        ClassifierPanel classify = (ClassifierPanel) explorer.getPanels().stream()
                .filter(p -> p instanceof ClassifierPanel).findFirst().orElseThrow();
        SwingUtilities.invokeAndWait(() -> {
            JFrame frame = new JFrame("Weka Explorer");
            frame.getContentPane().setLayout(new BorderLayout());
            frame.getContentPane().add(explorer, BorderLayout.CENTER);
            frame.setSize(1024, 768);
            frame.setLocation(0, 0);
            frame.setVisible(true);
        });

        ArffLoader loader = new ArffLoader();
        loader.setFile(arff);
        explorer.getPreprocessPanel().setInstancesFromFile(loader);
        Instances loaded = null;
        for (int i = 0; i < 600 && (loaded == null || loaded.numInstances() == 0); i++) {
            Thread.sleep(100);
            loaded = classify.getInstances();
        }
        if (loaded == null) {
            throw new IllegalStateException("The Explorer did not load " + arff);
        }

        String mode = System.getProperty("dmad.demo", "result");
        SwingUtilities.invokeAndWait(() -> {
            try {
                GenericObjectEditor editor = field(classify, "m_ClassifierEditor", GenericObjectEditor.class);
                editor.setValue(classifier);
                field(classify, "m_PercentBut", JRadioButton.class).doClick();
                field(classify, "m_PercentText", JTextField.class).setText("66");
                explorer.getTabbedPane().setSelectedComponent(classify);
                if (mode.equals("dialog")) {
                    // The option dialog is modal: open it after this event, or invokeAndWait would wait for it.
                    PropertyPanel panel = field(classify, "m_CEPanel", PropertyPanel.class);
                    SwingUtilities.invokeLater(panel::showPropertyDialog);
                } else {
                    field(classify, "m_StartBut", JButton.class).doClick();
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("This Weka version's Classify panel differs: " + e, e);
            }
        });
        if (mode.equals("dialog")) {
            Thread.sleep(3000);
            StringBuilder seen = new StringBuilder();
            SwingUtilities.invokeAndWait(() -> {
                for (Window w : Window.getWindows()) {
                    if (w instanceof JDialog d && d.isVisible()) {
                        seen.append("dialog '").append(d.getTitle()).append("' at ").append(d.getBounds())
                                .append('\n');
                        dropDownFirstChoice(d, seen);
                    }
                }
            });
            Thread.sleep(1500);
            Files.writeString(marker, seen.toString());
            Thread.sleep(120_000);
            System.exit(0);
        }
        if (mode.equals("progress")) {
            JLabel status = field(field(explorer, "m_LogPanel", LogPanel.class), "m_StatusLab", JLabel.class);
            for (int i = 0; i < 3000 && !status.getText().contains("epoch"); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            Files.writeString(marker, "status: " + status.getText() + "\n");
            Thread.sleep(120_000);
            System.exit(0);
        }

        JTextArea output = field(classify, "m_OutText", JTextArea.class);
        for (int i = 0; i < 1800; i++) {
            Thread.sleep(100);
            if (field(classify, "m_RunThread", Thread.class) == null && output.getText().contains("ROC Area")) {
                break;
            }
        }
        String text = output.getText();
        System.out.println(text);
        if (!text.contains("ROC Area")) {
            throw new IllegalStateException("The classifier did not finish: " + text);
        }
        // Scroll to the per-class table with the ROC area, the part worth seeing.
        SwingUtilities.invokeAndWait(() -> output.setCaretPosition(text.indexOf("=== Detailed Accuracy")));
        Thread.sleep(1000);
        Files.writeString(marker, Utils.joinOptions(((weka.core.OptionHandler) classifier).getOptions()));
        // Stay open until the script has taken its screenshot and ends this JVM.
        Thread.sleep(120_000);
        System.exit(0);
    }
}
